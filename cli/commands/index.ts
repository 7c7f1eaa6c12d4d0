import type { CliCommand } from '../command';
import { analyzeCommand } from './analyze';
import { datasetsCommand } from './datasets';
import { demoCohortCommand } from './demo-cohort';
import { importCommand } from './import';
import { mappingCommand } from './mapping';

export const COMMANDS: CliCommand[] = [analyzeCommand, importCommand, datasetsCommand, demoCohortCommand, mappingCommand];
