using Backups.Operator.Api;
using Backups.Operator.Credentials;
using k8s.Models;

namespace Backups.Operator.Tests.Credentials;

public sealed class AllowedDropletsTests
{
    private static V1Namespace Namespace(string? annotation) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "team-a",
            Annotations = annotation is null ? null : new Dictionary<string, string> { [ApiConstants.AllowedDropletsAnnotation] = annotation },
        },
    };

    [Theory]
    [InlineData("3164444", 3164444, true)]
    [InlineData(" 1, 3164444 ,7", 3164444, true)]
    [InlineData("31644440", 3164444, false)]
    [InlineData("1,2,3", 3164444, false)]
    [InlineData("", 3164444, false)]
    [InlineData("abc,-3164444,3164444x", 3164444, false)]
    public void Lists_only_the_exact_droplet_ids(string annotation, long dropletId, bool allowed) =>
        AllowedDroplets.Allows(Namespace(annotation), dropletId).Should().Be(allowed);

    [Fact]
    public void A_namespace_without_the_annotation_or_no_namespace_allows_nothing()
    {
        AllowedDroplets.Allows(Namespace(null), 1).Should().BeFalse();
        AllowedDroplets.Allows(null, 1).Should().BeFalse();
    }
}
