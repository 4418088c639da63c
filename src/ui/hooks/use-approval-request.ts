import {useSyncExternalStore} from 'react';
import type {ApprovalBroker, PendingApproval} from '../approval-broker.js';

/** The approval request waiting for the user, if any. */
export function useApprovalRequest(broker: ApprovalBroker): PendingApproval | undefined {
  return useSyncExternalStore(broker.subscribe, broker.current);
}
