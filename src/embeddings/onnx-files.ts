/** Finding and reading an ONNX model's files: the model, its tokenizer and their configs. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelError } from '../core/errors.js';

export async function findModelFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ModelError(`model path ${path} does not exist`, { path });
  if (info.isFile()) return path;
  return firstExisting([join(path, 'model.onnx'), join(path, 'onnx', 'model.onnx')], 'model.onnx');
}

export async function firstExisting(paths: string[], what: string): Promise<string> {
  for (const p of paths)
    if (
      await stat(p).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return p;
  throw new ModelError(`no ${what} found (looked for ${paths.join(', ')})`, { path: paths[0]! });
}

export async function readModel(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ModelError(`cannot read ${path}: ${(error as Error).message}`, { path, cause: error });
  }
}

export async function readJsonIfExists(path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new ModelError(`${path} is not valid JSON`, { path, cause: error });
  }
}

export function numberField(config: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = config?.[key];
  // Tokenizer configs use 1e30 for "no limit".
  return typeof v === 'number' && v < 1e9 ? v : undefined;
}
