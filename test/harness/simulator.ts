/**
 * The simulator set-up every workflow test file needs: one OTTO simulator per file, reset before each test,
 * and a credentials helper pointing at it.
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type OttoSimulator, type StartOptions } from '../otto-simulator';
import { createCredentialsHelper, ottoCredentials, type TestCredentialsHelper } from './index';
import { useServer } from './server';

export interface UseSimulatorOptions {
	/** Passed to startSimulator (the port defaults to 0, a free one). */
	start?: StartOptions;
	/** Overrides of the test credential (e.g. `scopes`). */
	credentials?: ICredentialDataDecryptedObject;
}

export interface SimulatorAccess {
	/** The running simulator; throws outside the file's tests and hooks. */
	sim: () => OttoSimulator;
	/**
	 * A credentials helper with the OTTO credential pointing at the simulator; `overrides` (e.g. `scopes`) go over
	 * the file's `credentials` option.
	 */
	helper: (overrides?: ICredentialDataDecryptedObject) => TestCredentialsHelper;
}

/**
 * Registers the hooks of a test file: start the simulator before all tests, reset it before each one, close it
 * after all (useServer). Call at the top level of the file.
 */
export function useSimulator(options: UseSimulatorOptions = {}): SimulatorAccess {
	const sim = useServer(() => startSimulator({ port: 0, ...options.start }));

	return {
		sim,
		helper: (overrides = {}) => createCredentialsHelper(ottoCredentials(sim().url, { ...options.credentials, ...overrides })),
	};
}

/** The input item index each output item is paired with. */
export const paired = (out: INodeExecutionData[]) => out.map((i) => (i.pairedItem as { item: number }).item);
