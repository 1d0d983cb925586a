import { updateDisplayOptions } from 'n8n-workflow';

import { decide, decisionProperties } from './decision';

const displayOptions = { show: { resource: ['return'], operation: ['accept'] } };

export const description = updateDisplayOptions(displayOptions, decisionProperties('accept'));

export const executeBulk = decide('accept');
