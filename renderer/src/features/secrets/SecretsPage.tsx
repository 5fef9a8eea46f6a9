import { useConnections } from '../../stores/connections';
import { useSecrets } from '../../stores/secrets';
import { Spinner } from '../../ui/Spinner';
import { Welcome } from '../first-run/Welcome';
import { EnvironmentTree } from './EnvironmentTree';
import { SecretDetail } from './SecretDetail';
import { SecretList } from './SecretList';
import './secrets.css';

export function SecretsPage() {
  const status = useConnections((s) => s.status);
  const error = useConnections((s) => s.error);
  const count = useConnections((s) => s.connections.length);
  const detailOpen = useSecrets((s) => s.detail !== null);
  const environmentId = useSecrets((s) => s.environmentId);

  if (status === 'idle' || status === 'loading') {
    return (
      <p className="page-pad muted" role="status">
        <Spinner /> Loading connections…
      </p>
    );
  }
  if (status === 'failed') {
    return (
      <p className="page-pad form-error" role="alert">
        Connections could not be listed: {error}
      </p>
    );
  }
  if (count === 0) return <Welcome />;
  return (
    <div className={`secrets-layout${detailOpen ? ' with-detail' : ''}`}>
      <EnvironmentTree />
      <SecretList key={environmentId ?? 'none'} />
      {detailOpen && <SecretDetail />}
    </div>
  );
}
