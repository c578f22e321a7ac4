import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../data/database.js';
import { rosterExport } from '../data/export.repository.js';
import { villageByCode } from '../data/people.repository.js';
import { AppError } from '../domain/errors.js';
import type { ImportOptions } from '../roster/roster.import.js';
import { XLSX_TYPE, rosterTemplate } from '../roster/roster.xlsx.js';
import { importRosterXlsx } from '../roster/roster.xlsx-import.js';

const problemShape = z.object({ sheet: z.string(), row: z.number(), column: z.string(), problem: z.string() });
const summaryShape = z.object({
  village: z.string(),
  members: z.number(),
  groups: z.number(),
  households: z.number(),
  generated: z.number(),
  changed: z.number(),
  revoked: z.number(),
  deactivated: z.number(),
  moved: z.number(),
});

/** An Excel roster is at most this big (a village of 2,000 households is a few hundred kB). */
const XLSX_LIMIT = 10 * 1024 * 1024;

/**
 * The Excel roster: a template to fill in, and an upload that reports every problem by sheet, row and
 * column before anything is written (`dryRun=true` writes nothing at all). The body is the .xlsx file
 * itself, sent as application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.
 */
export function rosterXlsxRoutes(app: FastifyInstance, db: Db, opts: ImportOptions): void {
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: XLSX_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/roster/template.xlsx',
    {
      schema: {
        summary: 'The Excel roster template (sheets 填写说明, 村, 户, 成员; Chinese headers)',
        security: [{ bearer: [] }],
        querystring: z.object({
          lang: z.enum(['zh', 'en']).default('zh'),
          village: z
            .string()
            .min(1)
            .optional()
            .describe('a village code: the template comes filled in with its roster as stored'),
        }),
      },
    },
    async (req, reply) => {
      const village = req.query.village ? await villageByCode(db, req.query.village) : null;
      if (req.query.village && !village)
        throw new AppError('village.not_found', `village ${req.query.village} not found`);
      const filled = village ? await rosterExport(db, village) : undefined;
      const name = village
        ? `${village.name}-花名册.xlsx`
        : req.query.lang === 'en'
          ? 'roster-template.xlsx'
          : '花名册模板.xlsx';
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(await rosterTemplate(req.query.lang, filled));
    },
  );

  api.post(
    '/api/v1/roster/xlsx',
    {
      bodyLimit: XLSX_LIMIT,
      schema: {
        summary:
          'Import a roster from Excel (.xlsx body). dryRun=true: only the row-by-row report, nothing written. Otherwise imported when valid, 400 with the report when not',
        security: [{ bearer: [] }],
        querystring: z.object({
          dryRun: z
            .enum(['true', 'false', '1', '0'])
            .default('false')
            .transform((v) => v === 'true' || v === '1'),
          lang: z.enum(['zh', 'en']).default('zh'),
        }),
        response: {
          200: z.object({
            valid: z.boolean(),
            dryRun: z.boolean(),
            problems: z.array(problemShape),
            summary: summaryShape.nullable(),
          }),
          400: z.object({
            error: z
              .object({ code: z.string(), message: z.string(), problems: z.array(problemShape).optional() })
              .loose(),
          }),
        },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError('body.unsupported_media_type', `body: send the .xlsx file as ${XLSX_TYPE}`);
      }
      const result = await importRosterXlsx(db, req.body, {
        ...opts,
        dryRun: req.query.dryRun,
        language: req.query.lang,
      });
      if (!result.valid && !result.dryRun) {
        const first = result.problems[0];
        return reply.code(400).send({
          error: {
            code: 'roster.invalid',
            message: `Invalid roster: ${result.problems.length} problem(s)${first ? `, first: ${first.sheet} row ${first.row} ${first.column}` : ''}`,
            problems: result.problems,
          },
        });
      }
      return result;
    },
  );
}
