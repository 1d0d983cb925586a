import { updateDisplayOptions } from 'n8n-workflow';

import { decide, decisionProperties } from './decision';

const displayOptions = { show: { resource: ['return'], operation: ['reject'] } };

export const description = updateDisplayOptions(displayOptions, decisionProperties('reject'));

export const executeBulk = decide('reject');
