export { createAzureProvider } from './provider';
