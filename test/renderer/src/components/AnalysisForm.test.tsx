// @vitest-environment jsdom
/** The generic options form, generated from the real km and cox declarations. */
import { afterEach, describe, expect, test } from 'vitest';
import { useState } from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { AnalysisForm, columnFits, defaultFormValues, toAnalysisOptions, type FormValues } from '../../../../renderer/src/components/AnalysisForm';
import { kmAnalysis } from '../../../../shared/analyses/km';
import { coxAnalysis } from '../../../../shared/analyses/cox';

afterEach(cleanup);

const COLUMNS = [
  { name: 'time', type: 'integer' },
  { name: 'clinic', type: 'categorical' },
  { name: 'start', type: 'date' },
  { name: 'weight', type: 'number' },
];

function Harness(props: { onValues: (v: FormValues) => void }) {
  const [values, setValues] = useState<FormValues>(defaultFormValues(kmAnalysis.options));
  return (
    <AnalysisForm
      specs={kmAnalysis.options}
      values={values}
      columns={COLUMNS}
      fixed={{ time: 'Follow-up (days)' }}
      onChange={(next) => {
        setValues(next);
        props.onValues(next);
      }}
    />
  );
}

describe('AnalysisForm', () => {
  test('one labelled control per declared option, with its help; fixed options are read-only', () => {
    render(<Harness onValues={() => {}} />);
    for (const spec of kmAnalysis.options) {
      const control = screen.getByLabelText(new RegExp(`^${spec.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
      expect(control.getAttribute('aria-describedby')).toBeTruthy();
      expect(document.getElementById(control.getAttribute('aria-describedby')!)!.textContent).toBe(spec.help);
    }
    expect((screen.getByLabelText(/^Time to event/) as HTMLInputElement).readOnly).toBe(true);
    const confType = screen.getByLabelText('Confidence interval type') as HTMLSelectElement;
    expect(Array.from(confType.options, (o) => o.value)).toEqual(['log', 'log-log', 'plain']);
    expect(confType.value).toBe('log');
  });

  test('column pickers offer only the kinds the option accepts', () => {
    render(<Harness onValues={() => {}} />);
    const group = screen.getByLabelText('Compare groups') as HTMLSelectElement;
    expect(Array.from(group.options, (o) => o.value)).toEqual(['', 'time', 'clinic', 'start', 'weight']);
    expect(columnFits('numeric', 'date')).toBe(false);
    expect(columnFits('numeric', 'number')).toBe(true);
    expect(columnFits('categorical', 'number')).toBe(false);
  });

  test('values typed in the form become the options the declaration validates', () => {
    let last: FormValues = {};
    render(<Harness onValues={(v) => (last = v)} />);
    fireEvent.change(screen.getByLabelText('Compare groups'), { target: { value: 'clinic' } });
    fireEvent.change(screen.getByLabelText('Report survival at times'), { target: { value: '30, 90 180' } });
    fireEvent.change(screen.getByLabelText('Confidence level'), { target: { value: '0.9' } });
    const options = toAnalysisOptions(kmAnalysis.options, last);
    expect(options).toEqual({ group: 'clinic', confType: 'log', confLevel: 0.9, times: [30, 90, 180] });
    expect(kmAnalysis.optionsSchema.safeParse({ ...options, time: 'time', event: 'status' }).success).toBe(true);
  });

  test('a columns option is a checkbox list; text that is not a number reaches the schema as typed', () => {
    const values: FormValues = { ...defaultFormValues(coxAnalysis.options) };
    render(<AnalysisForm specs={coxAnalysis.options} values={values} columns={COLUMNS} onChange={(v) => Object.assign(values, v)} />);
    const covariates = document.querySelector('[data-option="covariates"]') as HTMLElement;
    fireEvent.click(within(covariates).getByLabelText('clinic'));
    expect(values.covariates).toEqual(['clinic']);
    expect(toAnalysisOptions(coxAnalysis.options, { ...values, confLevel: 'high' }).confLevel).toBe('high');
    expect(coxAnalysis.optionsSchema.safeParse({ time: 't', event: 'e', covariates: ['clinic'], confLevel: 'high' }).success).toBe(false);
  });

  test('a confidence level typed as a percentage (95, 95%, 90.5) is read as a proportion; 0.95 stays; 100 and 150 reach the schema and are refused', () => {
    const confLevel = (text: string) => toAnalysisOptions(kmAnalysis.options, { confLevel: text }).confLevel;
    expect(confLevel('95')).toBe(0.95);
    expect(confLevel('95%')).toBe(0.95);
    expect(confLevel(' 90.5 % ')).toBeCloseTo(0.905, 15);
    expect(confLevel('0.95')).toBe(0.95);
    expect(confLevel('100')).toBe(100);
    expect(kmAnalysis.optionsSchema.safeParse({ time: 't', event: 'e', confLevel: confLevel('100') }).success).toBe(false);
    expect(confLevel('150')).toBe(150);
    // A number option that is not a proportion is never divided.
    expect(toAnalysisOptions(kmAnalysis.options, { times: '95' }).times).toEqual([95]);
  });
});
