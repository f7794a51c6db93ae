// The schema module alone: the package index also pulls in the SDK and zod, which synth needs not.
import { CATALOG_TABLE } from '@bedrock-profile-catalog/catalog/contract';
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { NodeFunction } from '../node-function.js';

const ALL_INDEXES = Object.values(CATALOG_TABLE.indexes);
/** Item actions on the table, and the indexes Query may use, per kind of access. */
export const TABLE_ACCESS = {
  /** Read-only item access, for the query function and for direct readers. */
  read: {
    tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
    queriedIndexes: ALL_INDEXES,
  },
  /**
   * Exactly what the scanner calls (packages/catalog: writer, region-lease, batch-write):
   * PutItem for scan records and conditional region-record puts, BatchWriteItem for journals,
   * snapshots, sweeps (its DeleteRequests need no DeleteItem) and change records, GetItem to read
   * the region record back, Query on the table for an apply's journal and on the by-region index
   * for a region's stored items. No UpdateItem, DeleteItem or ConditionCheckItem: nothing calls them.
   */
  scan: {
    tableActions: [
      'dynamodb:PutItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ],
    queriedIndexes: [CATALOG_TABLE.indexes.byRegion],
  },
  /**
   * The probe function: the invoke-targets read (GetItem and Query on the table and the by-model
   * index), ProbeWriter's GetItem and conditional PutItem, and the budget's conditional
   * UpdateItem (ADD). No BatchWriteItem or DeleteItem.
   */
  probe: {
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    queriedIndexes: [CATALOG_TABLE.indexes.byModel],
  },
  /**
   * The price refresh (packages/catalog PriceStore, and the model directory from the reader):
   * Query on the table for the price and gap partitions and the scanned regions, and on the
   * by-region index for each region's model records; BatchWriteItem for changed cells and gaps
   * (its DeleteRequests need no DeleteItem); PutItem for the per-offer source records.
   */
  prices: {
    tableActions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
    queriedIndexes: [CATALOG_TABLE.indexes.byRegion],
  },
} as const;
/** Explicit KMS actions: no `GenerateDataKey*`/`ReEncrypt*` wildcards. */
export const KEY_ACTIONS = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  scan: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
  probe: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
  prices: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
} as const;

/**
 * `read`: the query function and direct readers. `scan`: the scanner. `probe`: the probe
 * functions. `prices`: the price refresh.
 */
export type CatalogTableAccess = keyof typeof KEY_ACTIONS;

export interface CatalogTable {
  readonly table: dynamodb.Table;
  /** Holds the table name, for direct readers. */
  readonly tableNameParameter: ssm.StringParameter;
  readonly encryptionKey?: kms.IKey;
}

/** The retained catalog table with the indexes of CATALOG_TABLE, and the parameter naming it. */
export function addCatalogTable(
  scope: Construct,
  props: { readonly encryptionKey?: kms.IKey; readonly tableNameParameterName: string },
): CatalogTable {
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: CATALOG_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: CATALOG_TABLE.sortKey, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: CATALOG_TABLE.ttlAttribute,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    // Scan history and change records cannot be rebuilt from one scan: never delete them
    // with the stack, and never replace the table on an update.
    removalPolicy: RemovalPolicy.RETAIN,
    ...(props.encryptionKey
      ? {
          encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
          encryptionKey: props.encryptionKey,
        }
      : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
  });
  for (const index of Object.values(CATALOG_TABLE.indexes)) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  const tableNameParameter = new ssm.StringParameter(scope, 'TableNameParameter', {
    parameterName: props.tableNameParameterName,
    stringValue: table.tableName,
    description: 'Name of the Bedrock profile catalog table, for direct readers',
  });
  return { table, tableNameParameter, encryptionKey: props.encryptionKey };
}

/**
 * Item actions on the table, Query on the indexes `access` reads (named, rather than
 * `<table>/index/*`), and the customer key if there is one, usable only through DynamoDB in this region. Never Scan.
 */
export function grantCatalogTable(
  catalog: CatalogTable,
  grantee: iam.IGrantable,
  access: CatalogTableAccess,
): iam.Grant {
  const { table, encryptionKey } = catalog;
  let grant = iam.Grant.addToPrincipal({
    grantee,
    actions: [...TABLE_ACCESS[access].tableActions],
    resourceArns: [table.tableArn],
  }).combine(
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: TABLE_ACCESS[access].queriedIndexes.map(
        (index) => `${table.tableArn}/index/${index.indexName}`,
      ),
    }),
  );
  if (encryptionKey) {
    grant = grant.combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: [...KEY_ACTIONS[access]],
        resourceArns: [encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.${Aws.URL_SUFFIX}` },
        },
      }),
    );
  }
  return grant;
}

/**
 * Wires a function to the table in one call: the table name in `envVar` and exactly the
 * permissions `access` needs, so no function learns the name without the grant or vice versa.
 */
export function bindCatalogTable(
  fn: NodeFunction,
  catalog: CatalogTable,
  envVar: string,
  access: CatalogTableAccess,
): iam.Grant {
  fn.function.addEnvironment(envVar, catalog.table.tableName);
  return grantCatalogTable(catalog, fn.role, access);
}
