import type { AwsConnectionConfig, AwsScope } from '../../../../../shared/connections';
import type { ProviderFactory } from '../deps';
import { createAwsProvider as create } from './provider';

export const createAwsProvider: ProviderFactory<AwsConnectionConfig, AwsScope> = create;
export { isValidAwsName } from './names';
