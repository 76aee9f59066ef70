using System.Net;
using System.Text;
using OneThing.Contracts;

namespace OneThing.Hub.Features.Guides;

/// <summary>The combined guide as the window prints it (一次告知单), in Chinese; the same data as the JSON answer.</summary>
public static class GuidePage
{
    public static string Render(OneThingGuide g)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var names = g.Services.ToDictionary(s => s.Code, s => s.Name);
        string Of(IEnumerable<string> codes) => string.Join("、", codes.Select(c => E(names.GetValueOrDefault(c, c))));

        var leads = string.Join("、", g.LeadUnits);
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(g.Name)}} 办事指南</title>
            <style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:60em}
            table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
            th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#eee}.supplied{color:#2a7a2a}@media print{body{margin:0} }</style></head><body>
            <h1>“一件事一次办”办事指南：{{E(g.Name)}}</h1>
            <p>事项基础清单：{{E(g.Edition)}}版　牵头单位：{{E(leads)}}　承诺办结时限合计：{{g.TotalWorkingDays}}个工作日</p>
            <h2>一、涉及事项及办理顺序</h2><table>
            <tr><th>顺序</th><th>事项</th><th>责任单位</th><th>前置事项</th><th>办结时限</th><th>办理结果</th><th>收费标准</th></tr>
            """);
        for (var i = 0; i < g.Stages.Count; i++)
            foreach (var s in g.Services.Where(s => g.Stages[i].Contains(s.Code)))
                html.Append($"<tr><td>{i + 1}</td><td>{E(s.Name)}</td>")
                    .Append($"<td>{E(string.Join("、", s.ResponsibleUnits))}</td>")
                    .Append($"<td>{Of(s.Prerequisites)}</td><td>{s.TimeLimitDays}个工作日</td><td>{E(s.Result.Name)}</td>")
                    .Append($"<td>{E(s.Fees)}</td></tr>");
        html.Append("</table><h2>二、受理条件</h2><ul>");
        foreach (var c in g.Conditions) html.Append($"<li>{E(c.Condition)}（{Of([c.Service])}）</li>");
        html.Append($"</ul><h2>三、申请材料（一套材料，需提交{g.MaterialsToBring}项，免提交{g.MaterialsSupplied}项）</h2>")
            .Append("<table><tr><th>材料</th><th>形式</th><th>份数</th><th>用于</th><th>说明</th></tr>");
        foreach (var m in g.Materials)
        {
            var note = m.ApplicantBrings
                ? "申请人提交"
                : $"<span class=\"supplied\">免提交：{E(Source(m.SuppliedBy!, names))}</span>";
            html.Append($"<tr><td>{E(m.Name)}</td><td>{Form(m.Form)}</td><td>{m.Count}</td><td>{Of(m.NeededBy)}</td>")
                .Append($"<td>{note}</td></tr>");
        }
        html.Append("</table><h2>四、一表申请：表单字段</h2><table><tr><th>字段</th><th>必填</th><th>说明</th></tr>");
        foreach (var f in g.FormFields)
            html.Append($"<tr><td>{E(f.Label)}</td><td>{(f.Required ? "是" : "否")}</td>")
                .Append($"<td>{(f.FilledFrom is null ? "" : "由共享数据自动填写")}</td></tr>");
        html.Append("</table><h2>五、设定依据</h2><ul>");
        foreach (var basis in g.Services.SelectMany(s => s.LegalBasis).Distinct()) html.Append($"<li>{E(basis)}</li>");
        return html.Append("</ul></body></html>").ToString();
    }

    private static string Form(string form) => form switch
    {
        MaterialForms.Original => "原件", MaterialForms.Copy => "复印件", MaterialForms.OriginalAndCopy => "原件及复印件",
        MaterialForms.Electronic => "电子件", _ => form,
    };

    private static string Source(MaterialSource s, Dictionary<string, string> names) =>
        s.FromService is { } from && names.TryGetValue(from, out var name) ? $"由“{name}”办理结果提供"
        : s.LicenceType is not null ? "调用电子证照" : "调用共享数据";
}
