import { ENDPOINTS } from '../../transport';
import { changedSinceGetMany } from '../changedSince';

export const { description, execute } = changedSinceGetMany('shipment', ENDPOINTS.shipments, 'Shipments created or with a new tracking state');
