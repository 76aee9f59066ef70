namespace OneThing.Hub.Features.Applications;

/// <summary>What views show of an applicant's identifiers and name when they do not need them whole.</summary>
/// <remarks>The identifiers' check characters are <see cref="OneThing.Contracts.IdentityNumbers"/>.</remarks>
public static class ApplicantIds
{
    /// <summary>What views show of an identifier that they do not need whole: 1201**********123X.</summary>
    public static string Mask(string id) =>
        id.Length <= 8 ? new string('*', id.Length) : id[..4] + new string('*', id.Length - 8) + id[^4..];

    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***.</summary>
    public static string MaskName(string name) => name.Length <= 1 ? "*" : name[..1] + new string('*', name.Length - 1);
}
