import { ListSecretsCommand, SecretsManagerClient, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { Locator, Page } from '@playwright/test';
import { expect, type SandboxInfo } from './fixtures';

/** Opens the sandbox from the welcome screen; answers the environment tree once it shows. */
export async function openSandbox(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  const tree = page.getByRole('navigation', { name: 'Environments' });
  await expect(tree).toBeVisible({ timeout: 60_000 });
  return tree;
}

/** The official AWS SDK against the sandbox, to read what the UI did. */
export function awsClient(info: SandboxInfo): SecretsManagerClient {
  const aws = info.aws!;
  return new SecretsManagerClient({
    endpoint: aws.endpoint,
    region: aws.region,
    credentials: { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey },
  });
}

/** Every secret whose name starts with `prefix`, over all pages. */
export async function listAllSecrets(sm: SecretsManagerClient, prefix: string): Promise<SecretListEntry[]> {
  const all: SecretListEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(new ListSecretsCommand({ MaxResults: 100, NextToken, Filters: [{ Key: 'name', Values: [prefix] }] }));
    all.push(...(page.SecretList ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}
