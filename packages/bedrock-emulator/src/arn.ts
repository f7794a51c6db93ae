/** ARN builders in the exact forms the real service returns (see bedrock-api.md §6.1). */
import { partitionOfRegion } from '@bedrock-profile-catalog/catalog/aws-patterns';

/**
 * The ARN partition of a region: `arn:aws-us-gov:` in GovCloud, `arn:aws-eusc:` in the European
 * Sovereign Cloud. A region no partition claims (a test's made-up code) stays in `aws`.
 */
export function arnPartition(region: string): string {
  return partitionOfRegion(region) ?? 'aws';
}

/** Foundation-model ARNs carry a region but never an account. */
export function foundationModelArn(region: string, modelId: string): string {
  return `arn:${arnPartition(region)}:bedrock:${region}::foundation-model/${modelId}`;
}

/** Global profiles route to this region- and account-less form (commercial partition only). */
export function globalFoundationModelArn(modelId: string): string {
  return `arn:aws:bedrock:::foundation-model/${modelId}`;
}

/** System profiles get the caller's region and account, so each region has its own ARN. */
export function systemProfileArn(region: string, accountId: string, profileId: string): string {
  return `arn:${arnPartition(region)}:bedrock:${region}:${accountId}:inference-profile/${profileId}`;
}

export function applicationProfileArn(
  region: string,
  accountId: string,
  profileId: string,
): string {
  return `arn:${arnPartition(region)}:bedrock:${region}:${accountId}:application-inference-profile/${profileId}`;
}

export function profileArn(
  region: string,
  accountId: string,
  profileId: string,
  type: string,
): string {
  return type === 'APPLICATION'
    ? applicationProfileArn(region, accountId, profileId)
    : systemProfileArn(region, accountId, profileId);
}

export function provisionedModelArn(region: string, accountId: string, id: string): string {
  return `arn:${arnPartition(region)}:bedrock:${region}:${accountId}:provisioned-model/${id}`;
}

/** Default Service Quotas carry no account: `arn:<partition>:servicequotas:<region>::bedrock/<code>`. */
export function serviceQuotaArn(region: string, quotaCode: string): string {
  return `arn:${arnPartition(region)}:servicequotas:${region}::bedrock/${quotaCode}`;
}

/** The region inside an ARN (empty for global ARNs), or undefined when it is not an ARN. */
export function arnRegion(arn: string): string | undefined {
  return arn.startsWith('arn:') ? arn.split(':')[3] : undefined;
}
