// Problems the user must know about before trusting the app with secrets: no encryption, or
// files found corrupt at start.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../../shared/status';

export function AppBanner() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void window.api.getAppInfo().then((result) => {
      if (result.ok) setInfo(result.value);
    });
  }, []);
  if (!info) return null;
  const messages = [...(info.encryptionProblem ? [info.encryptionProblem] : []), ...info.storageWarnings];
  if (messages.length === 0) return null;
  return (
    <div className="banner" role="alert">
      {messages.map((m) => <p key={m}>{m}</p>)}
    </div>
  );
}
