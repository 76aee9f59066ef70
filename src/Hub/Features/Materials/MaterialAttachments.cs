using JasperFx.Events;
using Marten.Events.Projections;
using OneThing.Hub.Features.Applications;

namespace OneThing.Hub.Features.Materials;

/// <summary>One work item that a material was attached to: the department that holds it, for which application and
/// service, under which material code of that service's guide.</summary>
public sealed record MaterialAttachment(string Department, string ApplicationId, string Service, string Code);

/// <summary>
/// Where the hub attached a material, keyed by material id: the departments that may download it besides the front
/// office that uploaded it. Inline, so a department that has just received its work item can fetch the material.
/// </summary>
public sealed class MaterialAttachments
{
    public string Id { get; set; } = "";
    public List<MaterialAttachment> Attachments { get; set; } = [];

    public MaterialAttachment? For(string department) =>
        Attachments.FirstOrDefault(a => string.Equals(a.Department, department, StringComparison.Ordinal));
}

public sealed class MaterialAttachmentsProjection : MultiStreamProjection<MaterialAttachments, string>
{
    public MaterialAttachmentsProjection()
    {
        Identities<ServiceDispatched>(e =>
            e.Materials.Select(m => m.MaterialId).OfType<string>().Distinct().ToList());
    }

    // Written out rather than an Apply: a dispatch names several materials, and only this one's id says which of
    // them a document is for (Marten gives a new document its id after the events are applied).
    public override MaterialAttachments? Evolve(MaterialAttachments? snapshot, string id, IEvent e)
    {
        if (e.Data is not ServiceDispatched dispatched) return snapshot;
        var attachments = snapshot ?? new MaterialAttachments { Id = id };
        foreach (var material in dispatched.Materials.Where(m => m.MaterialId == id))
        {
            var attachment = new MaterialAttachment(dispatched.Department, dispatched.ApplicationId, dispatched.Service,
                material.Code);
            if (!attachments.Attachments.Contains(attachment)) attachments.Attachments.Add(attachment);
        }
        return attachments;
    }
}
