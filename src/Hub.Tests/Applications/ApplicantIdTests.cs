using OneThing.Contracts;
using OneThing.Hub.Features.Applications;

namespace OneThing.Hub.Tests.Applications;

public sealed class applicant_identifiers
{
    [Theory]
    [InlineData("11010519491231002X", true)]   // the standard's own example
    [InlineData("110105194912310021", false)]  // wrong check digit
    [InlineData("11010519491331002X", false)]  // no 13th month
    [InlineData("1101051949123100", false)]
    public void resident_ids_are_checked_by_GB_11643(string id, bool valid) =>
        Assert.Equal(valid, IdentityNumbers.IsResidentId(id));

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData("91350100M000100I43", false)]  // I is not in the alphabet
    public void credit_codes_are_checked_by_GB_32100(string code, bool valid) =>
        Assert.Equal(valid, IdentityNumbers.IsUnifiedSocialCreditCode(code));

    [Fact]
    public void masks_keep_only_what_identifies_the_case() =>
        Assert.Equal(("1101**********002X", "张**"),
            (ApplicantIds.Mask("11010519491231002X"), ApplicantIds.MaskName("张小明")));
}
