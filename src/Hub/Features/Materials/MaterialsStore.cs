using JasperFx.Events.Projections;
using Marten;

namespace OneThing.Hub.Features.Materials;

public static class MaterialsStore
{
    /// <summary>
    /// The content table (Marten's migrations create it with the store's own), the material documents and where the
    /// hub attached each material, both inline: an upload is at once downloadable and submittable, and a department
    /// that has just received its work item may fetch the material.
    /// </summary>
    public static StoreOptions AddMaterials(this StoreOptions opts)
    {
        opts.Storage.ExtendedSchemaObjects.Add(MaterialContents.Table(opts.DatabaseSchemaName));
        opts.Events.AddEventType<MaterialUploaded>();
        opts.Events.AddEventType<MaterialDownloaded>();
        opts.Projections.Add<MaterialProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<MaterialAttachmentsProjection>(ProjectionLifecycle.Inline);
        return opts;
    }
}
