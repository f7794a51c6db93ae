import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CHANGE_DETAIL_TYPES,
  CHANGE_EVENT_SOURCE,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
} from '../../../lambdas/contract.js';

/** The bus, and the two lists of principals its policy lets put the catalog's events. */
export interface CatalogEventBus {
  readonly eventBus: events.EventBus;
  /** Principal ARNs that may put change events (the scanner's role). */
  readonly changePublishers: string[];
  /** Principal ARNs that may put Scan Requested events (the scan-request role, grantStartScan's). */
  readonly scanRequesters: string[];
}

/**
 * `<stack name>-<catalog construct id>`, so two catalogs (two stacks, or two in one stack) never
 * share a bus. Bus names allow `.`, `-`, `_` and alphanumerics; a construct id anything but `/`.
 */
const busName = (catalog: Construct) =>
  `${Stack.of(catalog).stackName}-${catalog.node.id}`
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 256);

/**
 * The catalog's own bus. In the same account an identity policy allowing events:PutEvents is
 * enough to put on any bus, so the bus policy holds only explicit Denies, and the lists fill in
 * at synth (Lazy), after the functions exist and after every grantStartScan.
 *
 * Condition keys, from the Service Authorization Reference ("Actions, resources, and condition
 * keys for Amazon EventBridge", PutEvents): `events:source` (ArrayOfString: one value per entry
 * of the request, hence the ForAnyValue set operators) and `events:detail-type` (String). From the
 * IAM global condition keys: `aws:PrincipalArn`, present in every signed request; for a role
 * session it is the role's ARN, not the session's. The policy sits inline on the bus
 * (AWS::Events::EventBus `Policy`), not in AWS::Events::EventBusPolicy resources, whose
 * StatementId is an account-wide physical ID (aws-cdk issue 29627: a second stack collides).
 */
export function addCatalogEventBus(scope: Construct, id: string): CatalogEventBus {
  const name = busName(scope);
  const eventBus = new events.EventBus(scope, id, {
    eventBusName: name,
    description: 'Bedrock profile catalog: change events and scan requests',
  });
  const changePublishers: string[] = [];
  const scanRequesters: string[] = [];
  // Its own ARN from its name: Fn::GetAtt on itself would be a circular reference.
  const ownArn = Stack.of(scope).formatArn({
    service: 'events',
    resource: 'event-bus',
    resourceName: name,
  });
  const denyPutEvents = (sid: string, conditions: Record<string, unknown>) =>
    new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [ownArn],
      conditions,
    });
  const onlyFrom = (arns: string[]) => ({
    ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => arns }) },
  });
  const policy = new iam.PolicyDocument({
    statements: [
      denyPutEvents('OnlyCatalogPublishersPutChangeEvents', {
        'ForAnyValue:StringEquals': { 'events:source': CHANGE_EVENT_SOURCE },
        ...onlyFrom(changePublishers),
      }),
      denyPutEvents('OnlyGrantedPrincipalsRequestScans', {
        'ForAnyValue:StringEquals': { 'events:source': SCAN_REQUEST_SOURCE },
        ...onlyFrom(scanRequesters),
      }),
      // The bus carries the catalog's contract and nothing else: subscribers add rules, not events.
      denyPutEvents('NoOtherSources', {
        'ForAnyValue:StringNotEquals': {
          'events:source': [CHANGE_EVENT_SOURCE, SCAN_REQUEST_SOURCE],
        },
      }),
    ],
  });
  (eventBus.node.defaultChild as events.CfnEventBus).policy = policy;
  return { eventBus, changePublishers, scanRequesters };
}

/** The ARNs `aws:PrincipalArn` can match for `grantee`: a role's or a user's. */
function principalArns(bus: CatalogEventBus, grantee: iam.IGrantable): string[] {
  const principal = grantee.grantPrincipal;
  const arns = principal.policyFragment.principalJson.AWS ?? [];
  if (arns.length === 0) {
    throw new Error(
      `grantStartScan needs an IAM role or user: the bus policy names callers by aws:PrincipalArn, and ${principal} has none`,
    );
  }
  // The bus policy would import the ARN from the other stack while that stack's grant imports
  // the bus ARN from this one: CDK's cycle error names neither grantStartScan nor the way out.
  const busStack = Stack.of(bus.eventBus);
  if (
    Construct.isConstruct(principal) &&
    Stack.of(principal) !== busStack &&
    arns.some((arn) => Token.isUnresolved(arn))
  ) {
    throw new Error(
      `grantStartScan: ${principal.node.path} is in stack ${Stack.of(principal).stackName}, but the bus policy lives in ${busStack.stackName}; give the role a fixed name and pass iam.Role.fromRoleArn(<a scope in ${busStack.stackName}>, id, arn) instead`,
    );
  }
  return arns;
}

/** An identity grant for one source and its detail-types on the bus, and the grantee on `list`. */
function grantPut(
  bus: CatalogEventBus,
  list: string[],
  grantee: iam.IGrantable,
  source: string,
  detailTypes: string | readonly string[],
): iam.Grant {
  for (const arn of principalArns(bus, grantee)) if (!list.includes(arn)) list.push(arn);
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['events:PutEvents'],
    resourceArns: [bus.eventBus.eventBusArn],
    conditions: {
      StringEquals: {
        'events:source': source,
        'events:detail-type': typeof detailTypes === 'string' ? detailTypes : [...detailTypes],
      },
    },
  });
}

/** Lets `grantee` put change events, as the catalog, of every change detail-type (the scanner). */
export function grantChangeEvents(bus: CatalogEventBus, grantee: iam.IGrantable): iam.Grant {
  return grantPut(
    bus,
    bus.changePublishers,
    grantee,
    CHANGE_EVENT_SOURCE,
    Object.values(CHANGE_DETAIL_TYPES),
  );
}

/** Lets `grantee` put Scan Requested events (the scan-request function, and grantStartScan's). */
export function grantScanRequests(bus: CatalogEventBus, grantee: iam.IGrantable): iam.Grant {
  return grantPut(
    bus,
    bus.scanRequesters,
    grantee,
    SCAN_REQUEST_SOURCE,
    SCAN_REQUESTED_DETAIL_TYPE,
  );
}

/**
 * Copies every change event from this account to `target` (for subscribers that stay on
 * another bus, such as `default` while they move). The rule's role may put on `target` only.
 */
export function forwardChangeEvents(
  scope: Construct,
  bus: CatalogEventBus,
  target: events.IEventBus,
  deadLetterQueue: sqs.IQueue,
): events.Rule {
  return new events.Rule(scope, 'ChangeForwardRule', {
    description: 'Forwards Bedrock profile catalog change events to another bus',
    eventBus: bus.eventBus,
    eventPattern: { source: [CHANGE_EVENT_SOURCE], account: [Stack.of(scope).account] },
    targets: [new eventTargets.EventBus(target, { deadLetterQueue })],
  });
}
