export { main } from './cli.js';
export { createProject } from './create.js';
export { projectNameProblem, projectNames, scopeProblem } from './names.js';
export { dropImporters } from './lockfile.js';
export { renderTemplate, type ProjectOptions, type RenderedFile } from './render.js';
export { renameText } from './rename.js';
export { buildTemplate, hashFiles, type Template, type TemplateFile } from './template.js';
export { upgradeProject } from './upgrade.js';
