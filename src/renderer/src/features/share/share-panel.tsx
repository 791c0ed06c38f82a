// Import / export: share configurations (never secrets) as files, bring in setups from Postman,
// Insomnia and Bruno, and enter the secrets imported credentials still need.
import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { AwaitingSecrets } from './awaiting-secrets';
import { ExportSection } from './export-section';
import { ImportSection } from './import-section';
import './share.css';

export function SharePanel() {
  const loadAwaiting = useAppStore((s) => s.loadAwaitingSecrets);
  useEffect(() => {
    void loadAwaiting();
  }, [loadAwaiting]);
  return (
    <div className="share-panel">
      <AwaitingSecrets />
      <ImportSection />
      <ExportSection />
    </div>
  );
}
