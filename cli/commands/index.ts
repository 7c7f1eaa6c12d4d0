import type { CliCommand } from '../command';
import { analyzeCommand } from './analyze';
import { datasetsCommand } from './datasets';
import { demoCohortCommand } from './demo-cohort';
import { importCommand } from './import';

export const COMMANDS: CliCommand[] = [analyzeCommand, importCommand, datasetsCommand, demoCohortCommand];
