import type { CliCommand } from '../command';
import { analyzeCommand } from './analyze';
import { datasetsCommand } from './datasets';
import { demoCohortCommand } from './demo-cohort';
import { importCommand } from './import';
import { mappingCommand } from './mapping';
import { reportCommand } from './report';
import { rerunCommand } from './rerun';
import { exportAnalysisCommand } from './export-analysis';
import { demoCommand } from './demo';

export const COMMANDS: CliCommand[] = [analyzeCommand, importCommand, datasetsCommand, demoCohortCommand, mappingCommand, reportCommand, rerunCommand, exportAnalysisCommand, demoCommand];
