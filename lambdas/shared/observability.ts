import { Logger } from '@aws-lambda-powertools/logger';

/** One Logger per function, built at module load and shared by everything the handler calls. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bedrock-profile-catalog',
});
