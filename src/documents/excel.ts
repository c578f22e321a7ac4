import type ExcelJS from 'exceljs';

/**
 * ExcelJS, loaded on first use: ~29 MB resident that a service which never exports or imports a workbook
 * does not hold (it was imported at start by the desk's routes).
 */
export async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
