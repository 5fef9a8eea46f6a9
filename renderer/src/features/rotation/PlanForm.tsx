import { useEffect, useRef, useState } from 'react';
import type { RotationPlan } from '../../../../shared/ipc/channels/rotation';
import { useConnections } from '../../stores/connections';
import { useRotation } from '../../stores/rotation';
import { CheckField, SelectField, TextAreaField, TextField } from '../../ui/fields';
import { NativeFacts } from './NativeFacts';
import { shortVersion } from './native-text';
import { PendingCleanup } from './PendingCleanup';
import { useNativeInfo } from './useNativeInfo';

type Validators = RotationPlan['validators'];
type Target = 'none' | 'postgres' | 'aws-native';

/** The plan: which secret and field, how the new value is made, which target learns it, and what proves it works. */
export function PlanForm() {
  const { connections, environments } = useConnections();
  const busy = useRotation((s) => s.busy);
  const codeAsked = useRotation((s) => s.errorCode === 'MFA_CODE_REQUIRED');
  const planning = useRotation((s) => s.planning);
  const formRef = useRef<HTMLFormElement>(null);
  // "New rotation" (the button or the command palette) starts at the form's first field.
  useEffect(() => {
    if (planning) formRef.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, [planning]);
  const environmentOptions = environments.map((e) => ({
    value: e.id,
    label: `${connections.find((c) => c.id === e.connectionId)?.name ?? '?'} / ${e.name}`,
  }));
  const [chosenEnvironment, setEnvironmentId] = useState('');
  // The connections may load after the form opens: the first environment until one is chosen.
  const environmentId = chosenEnvironment || (environments[0]?.id ?? '');
  const [name, setName] = useState('');
  const [field, setField] = useState('password');
  const [generator, setGenerator] = useState<'random' | 'manual'>('random');
  const [length, setLength] = useState('32');
  const [classes, setClasses] = useState({ lower: true, upper: true, digits: true, symbols: false });
  const [exclude, setExclude] = useState('');
  const [manual, setManual] = useState('');
  const environment = environments.find((e) => e.id === environmentId);
  const native = useNativeInfo(environmentId, name, environment?.scope.kind === 'aws');
  const nativeOffered = native.info?.supported === true && native.info.lambdaArn !== undefined;
  const blockingPending = native.info?.pending && !native.info.pending.onCurrent ? native.info.pending : null;
  // The secret's own rotation function is offered first once it is known, until the operator picks a target.
  const [chosenTarget, setTarget] = useState<Target | null>(null);
  const target: Target = chosenTarget === 'aws-native' && !nativeOffered ? 'postgres' : (chosenTarget ?? (nativeOffered ? 'aws-native' : 'postgres'));
  const [code, setCode] = useState('');
  const needsCode = environment?.protected === true || codeAsked;
  const [checklist, setChecklist] = useState('');
  const [strategy, setStrategy] = useState<'single' | 'alternating'>('single');
  const [connectWith, setConnectWith] = useState<'self' | 'admin'>('self');
  const [chosenAdminEnvironment, setAdminEnvironmentId] = useState('');
  const adminEnvironmentId = chosenAdminEnvironment || (environments[0]?.id ?? '');
  const [adminName, setAdminName] = useState('');
  const [roleA, setRoleA] = useState('');
  const [roleB, setRoleB] = useState('');
  const [pgLogin, setPgLogin] = useState(true);
  const [httpUrl, setHttpUrl] = useState('');
  const [httpHeader, setHttpHeader] = useState('Authorization');
  const [httpPrefix, setHttpPrefix] = useState('Bearer ');
  const [reason, setReason] = useState('');

  const validators: Validators = [
    ...(target === 'postgres' && pgLogin ? [{ kind: 'postgres-login' as const }] : []),
    ...(httpUrl.trim() ? [{ kind: 'http' as const, url: httpUrl.trim(), header: httpHeader.trim(), prefix: httpPrefix }] : []),
  ];
  const plan: RotationPlan = {
    secret: { environmentId, name: name.trim() },
    ...(field.trim() ? { field: field.trim() } : {}),
    generator:
      generator === 'random' ? { kind: 'random', policy: { length: Number(length), ...classes, exclude } } : { kind: 'manual', value: manual },
    target:
      target === 'none'
        ? {
            kind: 'none',
            checklist: checklist
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean),
          }
        : {
            kind: 'postgres',
            strategy,
            connectWith:
              connectWith === 'self'
                ? { source: 'self' }
                : { source: 'admin', secret: { environmentId: adminEnvironmentId, name: adminName.trim() } },
            ...(strategy === 'alternating' ? { roles: [roleA.trim(), roleB.trim()] as [string, string] } : {}),
          },
    validators,
  };
  const lengthOk = Number.isInteger(Number(length)) && Number(length) >= 12 && Number(length) <= 256;
  const secret = { environmentId, name: name.trim() };
  const nativeReady = environmentId !== '' && name.trim() !== '' && blockingPending === null && (!needsCode || code.trim() !== '');
  const startNative = (immediately: boolean) =>
    void useRotation
      .getState()
      .startNative(secret, immediately, needsCode ? code : '', reason)
      .then((started) => {
        setCode('');
        // Refused: where AWSPENDING is may have changed since it was read.
        if (!started) native.reload();
      });
  const ready =
    environmentId !== '' &&
    name.trim() !== '' &&
    (generator === 'manual' ? manual !== '' : lengthOk && Object.values(classes).some(Boolean)) &&
    (target !== 'postgres' || connectWith === 'self' || adminName.trim() !== '') &&
    (target !== 'postgres' || strategy === 'single' || (roleA.trim() !== '' && roleB.trim() !== '' && roleA.trim() !== roleB.trim()));

  return (
    <form
      ref={formRef}
      className="form rotation-plan"
      aria-label="Rotation plan"
      onSubmit={(event) => {
        event.preventDefault();
        if (target === 'aws-native') {
          startNative(true);
          return;
        }
        void useRotation
          .getState()
          .start(plan, reason)
          .then((started) => started && setManual(''));
      }}
    >
      <h2>Plan a rotation</h2>
      <fieldset>
        <legend>Secret</legend>
        <SelectField label="Environment" value={environmentId} onChange={setEnvironmentId} options={environmentOptions} />
        <TextField label="Secret name" value={name} onChange={setName} mono required />
        {native.error && <p className="muted small">Keyhole could not read this secret&apos;s AWS rotation settings: {native.error}</p>}
        {target !== 'aws-native' && (
          <TextField
            label="Field"
            value={field}
            onChange={setField}
            mono
            hint="A field of the secret (or a key of its JSON value); empty rotates the whole string. PostgreSQL targets read host, port, username, password and dbname from the secret."
          />
        )}
        {blockingPending && (
          <PendingCleanup
            key={blockingPending.version}
            secret={secret}
            version={blockingPending.version}
            protectedPath={environment?.protected === true}
            label="Unfinished AWS rotation"
            onCleaned={native.replace}
          >
            <p>
              <strong>A previous rotation is unfinished.</strong> AWSPENDING is on version{' '}
              <span className="mono">{shortVersion(blockingPending.version)}</span>
              {blockingPending.hasValue ? ' (it holds a staged value)' : ''}, not on the current one. Secrets Manager refuses every new rotation of
              this secret, Keyhole&apos;s and AWS&apos;s own, until the label is removed. Removing it keeps that version and its value as an
              unlabelled version.
            </p>
          </PendingCleanup>
        )}
      </fieldset>
      {target !== 'aws-native' && (
        <fieldset>
          <legend>New value</legend>
          <SelectField<'random' | 'manual'>
            label="Generator"
            value={generator}
            onChange={setGenerator}
            options={[
              { value: 'random', label: 'Random, to a policy' },
              { value: 'manual', label: 'A value I enter' },
            ]}
          />
          {generator === 'random' ? (
            <div className="rotation-policy">
              <TextField label="Length (12–256)" value={length} onChange={setLength} error={lengthOk ? undefined : 'From 12 to 256'} />
              {(['lower', 'upper', 'digits', 'symbols'] as const).map((name) => (
                <CheckField key={name} label={name} checked={classes[name]} onChange={(checked) => setClasses({ ...classes, [name]: checked })} />
              ))}
              <TextField label="Excluded characters" value={exclude} onChange={setExclude} mono />
            </div>
          ) : (
            <TextField
              label="New value"
              value={manual}
              onChange={setManual}
              secret
              mono
              hint="Sent to Keyhole's main process once and escrowed there before any use."
            />
          )}
        </fieldset>
      )}
      <fieldset>
        <legend>Target</legend>
        <SelectField<Target>
          label="What must learn the new value"
          value={target}
          onChange={setTarget}
          options={[
            ...(nativeOffered ? [{ value: 'aws-native' as const, label: "AWS rotation function (the secret's own)" }] : []),
            { value: 'postgres', label: 'PostgreSQL role' },
            { value: 'none', label: 'Nothing: a checklist I tick' },
          ]}
          hint={
            native.info?.supported === true && !nativeOffered ? 'AWS has no rotation function for this secret: Keyhole rotates it itself.' : undefined
          }
        />
        {target === 'aws-native' && native.info ? (
          <NativeFacts info={native.info} />
        ) : target === 'none' ? (
          <TextAreaField label="Checklist (one item a line)" value={checklist} onChange={setChecklist} rows={3} />
        ) : (
          <>
            <SelectField<'single' | 'alternating'>
              label="Strategy"
              value={strategy}
              onChange={setStrategy}
              options={[
                { value: 'single', label: 'Single user: ALTER ROLE the same role' },
                { value: 'alternating', label: 'Alternating users: two roles take turns' },
              ]}
            />
            {strategy === 'alternating' && (
              <div className="rotation-roles">
                <TextField label="Role A" value={roleA} onChange={setRoleA} mono />
                <TextField label="Role B" value={roleB} onChange={setRoleB} mono />
              </div>
            )}
            <SelectField<'self' | 'admin'>
              label="Connect with"
              value={connectWith}
              onChange={setConnectWith}
              options={[
                { value: 'self', label: "The secret's own fields" },
                { value: 'admin', label: 'An admin secret' },
              ]}
            />
            {connectWith === 'admin' && (
              <div className="rotation-roles">
                <SelectField
                  label="Admin secret environment"
                  value={adminEnvironmentId}
                  onChange={setAdminEnvironmentId}
                  options={environmentOptions}
                />
                <TextField label="Admin secret name" value={adminName} onChange={setAdminName} mono />
              </div>
            )}
            <p className="muted">
              The password reaches PostgreSQL as a SCRAM-SHA-256 verifier computed in Keyhole, never as plaintext a server log could keep.
            </p>
          </>
        )}
      </fieldset>
      {target !== 'aws-native' && (
        <fieldset>
          <legend>Validators</legend>
          {target === 'postgres' && <CheckField label="Log in to PostgreSQL with the new credential" checked={pgLogin} onChange={setPgLogin} />}
          <TextField
            label="HTTP check URL (optional)"
            value={httpUrl}
            onChange={setHttpUrl}
            mono
            hint="Must answer 2xx with the new value in the header below. https, or http to this machine (127.0.0.1) only."
          />
          {httpUrl.trim() !== '' && (
            <div className="rotation-roles">
              <TextField label="Header" value={httpHeader} onChange={setHttpHeader} mono />
              <TextField label="Prefix" value={httpPrefix} onChange={setHttpPrefix} mono />
            </div>
          )}
        </fieldset>
      )}
      <TextField label="Reason (audited)" value={reason} onChange={setReason} />
      {target === 'aws-native' ? (
        <>
          {needsCode && <TextField label="A fresh code from your authenticator (protected path)" value={code} onChange={setCode} secret mono />}
          <p className="muted">
            AWS runs the function&apos;s four steps: createSecret stages a new version under AWSPENDING, setSecret changes the database, testSecret
            logs in with it, finishSecret makes it current. Keyhole follows each through the labels and the function&apos;s log. Test rotation runs
            testSecret on a pending version and then removes it: nothing becomes current.
          </p>
        </>
      ) : (
        <p className="muted">
          Keyhole generates and escrows the value, then stops for your confirmation before it changes the target and again before it makes the value
          current. A failure at any step undoes what was done.
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => useRotation.getState().plan(false)}>
          Cancel
        </button>
        {target === 'aws-native' ? (
          <>
            <button type="button" className="button" disabled={busy || !nativeReady} onClick={() => startNative(false)}>
              Test rotation
            </button>
            <button type="submit" className="button button-primary" disabled={busy || !nativeReady}>
              {busy ? 'Starting…' : 'Rotate now'}
            </button>
          </>
        ) : (
          <button type="submit" className="button button-primary" disabled={busy || !ready}>
            {busy ? 'Starting…' : 'Start rotation'}
          </button>
        )}
      </div>
    </form>
  );
}
