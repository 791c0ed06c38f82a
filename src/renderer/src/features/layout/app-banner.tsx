// Problems the user must know about before trusting the app with secrets: no encryption, or
// files found corrupt at start.
import { useAppStore } from '../../store/app-store';

export function AppBanner() {
  const info = useAppStore((s) => s.appInfo);
  if (!info) return null;
  const messages = [
    ...(info.encryptionProblem ? [info.encryptionProblem] : []),
    ...info.storageWarnings,
  ];
  if (messages.length === 0) return null;
  return (
    <div className="banner" role="alert">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
