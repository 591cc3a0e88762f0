// The package's ES modules and typings (dist/), compiled by TypeScript from tsconfig.build.json
// as `tsc -p tsconfig.build.json` would, but from the sources as the CDN build reads them: the
// text of every html`…`/svg`…`/css`…` template minified (scripts/minify-literals.mjs) and the
// translated catalogues without their keys (scripts/compact-catalogue.mjs). A bundler does
// neither (Vite, webpack and Rollup minify code, not the text inside templates), so without this
// a bundled app shipped every template's indentation and comments: ~0.8 KiB gz more than the
// CDN's on a whole SIP page. The source maps map to these sources (embedded, `inlineSources`):
// they differ from the files in src/ only inside templates and in the catalogues.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { shippedCatalogue } from './compact-catalogue.mjs';
import { minifyLiterals } from './minify-literals.mjs';

const root = resolve(import.meta.dirname, '..');

/** Compiles tsconfig.build.json's program into dist/ (see the header); throws on any error. */
export async function compilePackage(project = join(root, 'tsconfig.build.json')) {
  const config = ts.getParsedCommandLineOfConfigFile(project, undefined, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) });
  if (config.errors.length) fail(config.errors);
  // The sources as shipped, by file name.
  const shipped = new Map();
  for (const file of config.fileNames) {
    const source = readFileSync(file, 'utf8');
    const text = await minifyLiterals(shippedCatalogue(file, source), file);
    if (text !== source) shipped.set(resolve(file), text);
  }
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    const text = shipped.get(resolve(file));
    return text === undefined ? read(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, projectReferences: config.projectReferences });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length || emitted.emitSkipped) fail(diagnostics);
}

function fail(diagnostics) {
  const text = ts.formatDiagnosticsWithColorAndContext(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
  throw new Error(`scripts/compile-package.mjs: TypeScript failed\n${text}`);
}
