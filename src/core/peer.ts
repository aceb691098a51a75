import { ConfigurationError } from './errors.js';

/**
 * Loads an optional peer dependency. When it is not installed, the host gets a
 * ConfigurationError naming the package and the command that installs it, not Node's raw
 * "Cannot find package".
 */
export async function importPeer<T>(name: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : '';
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(name)) {
      throw new ConfigurationError(name, `is needed for ${feature} but is not installed: npm install ${name}`, { cause: error });
    }
    throw error;
  }
}
