/** The software name and version cited by reports and analysis exports (package.json is the single source). */
import packageJson from '../../package.json';

export const SOFTWARE_NAME = 'Relapse Workbench';
export const SOFTWARE_ID = packageJson.name;
export const SOFTWARE_VERSION: string = packageJson.version;
