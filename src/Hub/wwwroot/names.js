// Names by code, as the API gives them: One Things from the published catalog and departments from the registry
// (GET /api/metrics/dashboard), nothing copied from the seeds. An unknown code is shown as it is.

const oneThings = new Map();
const departments = new Map();

export function rememberNames(data) {
  for (const o of data.dashboard?.oneThings ?? []) oneThings.set(o.code, o.name);
  for (const d of data.dashboard?.departments ?? []) departments.set(d.code, d.name);
  for (const d of data.departments?.departments ?? []) {
    if (d.name && !departments.has(d.department)) departments.set(d.department, d.name);
  }
  for (const t of data.targets?.targets ?? []) {
    if (t.name && !departments.has(t.department)) departments.set(t.department, t.name);
  }
}

export const oneThingName = (code) => oneThings.get(code) ?? code;
export const deptName = (code) => departments.get(code) ?? code;
