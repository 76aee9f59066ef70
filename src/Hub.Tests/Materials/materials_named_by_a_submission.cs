using OneThing.Contracts;
using OneThing.Hub.Features.Materials;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Materials;

/// <summary>What a submission's <c>materials</c> may name: this front office's uploads, under a code that a chosen
/// service's guide lists.</summary>
public sealed class materials_named_by_a_submission(HubFixture hub)
{
    private static readonly HashSet<string> Listed = ["birth-certificate", "household-register"];

    [Fact]
    public async Task this_front_offices_uploads_under_listed_codes_pass()
    {
        var a = await hub.Uploaded(MaterialFiles.Pdf(), MaterialMediaTypes.Pdf);
        var b = await hub.Uploaded(MaterialFiles.Png(), MaterialMediaTypes.Png);
        var named = new Dictionary<string, string>
        {
            ["birth-certificate"] = a.MaterialId, ["household-register"] = b.MaterialId,
        };

        await using var session = hub.Store.QuerySession();
        var found = await SubmittedMaterials.LoadAsync(session, named, CancellationToken.None);

        Assert.Equal([a.MaterialId, b.MaterialId], found.Keys.Order());
        Assert.Equal(MaterialMediaTypes.Png, found[b.MaterialId].MediaType);
        Assert.Empty(SubmittedMaterials.Check(MaterialFiles.Window, named, Listed, found));
        Assert.Empty(SubmittedMaterials.Check(MaterialFiles.Window, null, Listed,
            await SubmittedMaterials.LoadAsync(session, null, CancellationToken.None)));
    }

    [Fact]
    public async Task an_unknown_id_another_front_offices_upload_and_an_unlisted_code_are_each_named()
    {
        var own = await hub.Uploaded(MaterialFiles.Pdf(), MaterialMediaTypes.Pdf);
        var others = await hub.Uploaded(MaterialFiles.Jpeg(), MaterialMediaTypes.Jpeg,
            hub.Department("district-hebei"));
        var named = new Dictionary<string, string>
        {
            ["birth-certificate"] = Guid.CreateVersion7().ToString(),
            ["household-register"] = others.MaterialId,
            ["marriage-certificate"] = own.MaterialId,
        };

        await using var session = hub.Store.QuerySession();
        var errors = SubmittedMaterials.Check(MaterialFiles.Window, named, Listed,
            await SubmittedMaterials.LoadAsync(session, named, CancellationToken.None));

        Assert.Equal(["materials.birth-certificate", "materials.household-register", "materials.marriage-certificate"],
            errors.Keys.Order());
        Assert.Contains("No material", errors["materials.birth-certificate"][0]);
        Assert.Contains("another front office", errors["materials.household-register"][0]);
        Assert.Contains("No chosen service lists", errors["materials.marriage-certificate"][0]);
    }

    [Fact]
    public void the_check_is_a_function_of_what_was_loaded()
    {
        var material = new MaterialView { Id = "m1", FrontOffice = "district-heping" };
        var found = new Dictionary<string, MaterialView> { ["m1"] = material };
        var named = new Dictionary<string, string> { ["birth-certificate"] = "m1" };

        Assert.Empty(SubmittedMaterials.Check("district-heping", named, Listed, found));
        Assert.Single(SubmittedMaterials.Check("district-hexi", named, Listed, found));
        Assert.Single(SubmittedMaterials.Check("district-heping", named, Listed,
            new Dictionary<string, MaterialView>()));
        Assert.Single(SubmittedMaterials.Check("district-heping", named, new HashSet<string>(), found));
    }
}
