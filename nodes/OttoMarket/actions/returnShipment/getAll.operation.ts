import { ENDPOINTS } from '../../transport';
import { changedSinceGetMany } from '../changedSince';

export const { description, execute } = changedSinceGetMany('returnShipment', ENDPOINTS.returnShipments, 'Return shipments announced or with a new tracking state');
