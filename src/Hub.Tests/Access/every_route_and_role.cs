using System.Text;
using System.Text.Json;
using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Access;

/// <summary>
/// Walks every route of the OpenAPI document without a key and with a key of each role, and checks that only what
/// ../shared/design/API.md allows is allowed: 401 without a key, 403 for a role the route is not for, and for the
/// roles it is for, an answer that is neither of those nor a 5xx.
/// </summary>
public sealed class every_route_and_role(HubFixture hub)
{
    private const string Any = "department,coordinator,governance,datacentre";
    // Open without a key, and to every key: the enrolment code in the body is the credential.
    private const string Anonymous = "anonymous," + Any;
    private const string Department = "department",
        Coordinator = "coordinator",
        DataCentre = "datacentre",
        Governance = "governance";

    // Who each route is for, as API.md says (and, for routes it leaves to us, as our docs say).
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["GET /api/catalog/editions"] = Any,
        ["POST /api/catalog/editions"] = Coordinator,
        ["GET /api/catalog/editions/{edition}/one-things"] = Any,
        ["GET /api/one-things/{code}"] = Any,
        ["GET /api/one-things/{code}/guide"] = Any,
        ["GET /api/departments"] = Any,
        ["GET /api/calendar/{year}"] = Any,
        ["PUT /api/calendar/{year}"] = Coordinator,
        ["POST /api/departments"] = Coordinator,
        ["POST /api/departments/{code}/keys"] = Coordinator,
        ["GET /api/departments/{code}/keys"] = $"{Department},{Coordinator}",
        ["POST /api/departments/{code}/keys/{keyId}/revocation"] = Any,
        ["POST /api/departments/{code}/keys/{keyId}/rotation"] = Any,
        ["POST /api/departments/{code}/enrolments"] = $"{Coordinator},{Governance}",
        ["POST /api/enrolments/redemption"] = Anonymous,
        ["POST /api/enrolments/{id}/approval"] = Governance,
        ["POST /api/signing-keys/{id}/approval"] = Coordinator,
        ["POST /api/signing-keys/{id}/revocation"] = $"{Department},{Coordinator}",
        ["PUT /api/departments/{code}/delivery"] = Department,
        ["GET /api/departments/{code}/delivery"] = $"{Department},{Coordinator}",
        ["POST /api/departments/{code}/delivery/ping"] = Department,
        ["GET /api/deliveries"] = Department,
        ["GET /api/departments/{code}/dead-letters"] = Department,
        ["POST /api/departments/{code}/dead-letters/replay"] = Department,
        ["GET /api/departments/{code}"] = Any,
        ["PUT /api/departments/{code}"] = Coordinator,
        ["GET /api/drafts"] = Department,
        ["POST /api/drafts/{id}/submission"] = Department,
        ["POST /api/drafts/{id}/decline"] = Department,
        ["GET /api/inbox"] = Department,
        ["POST /api/inbox/{messageId}/ack"] = Department,
        ["GET /api/dead-letters"] = Coordinator,
        ["POST /api/dead-letters/replay"] = Coordinator,
        ["POST /api/resources"] = Department,
        ["GET /api/resources"] = Any,
        ["GET /api/resources/{code}"] = Any,
        ["POST /api/resources/{code}/versions"] = Department,
        ["POST /api/resources/{code}/retirement"] = $"{Department},{Coordinator}",
        ["POST /api/share-requests"] = Department,
        ["GET /api/share-requests"] = $"{Department},{Coordinator}",
        ["GET /api/share-requests/{id}"] = $"{Department},{Coordinator}",
        ["POST /api/share-requests/{id}/approval"] = Department,
        ["POST /api/share-requests/{id}/rejection"] = Department,
        ["POST /api/share-requests/{id}/grant/revocation"] = $"{Department},{Coordinator}",
        ["POST /api/share-requests/{id}/disputes"] = Department,
        ["GET /api/disputes"] = $"{Department},{Coordinator}",
        ["GET /api/disputes/{id}"] = $"{Department},{Coordinator}",
        ["POST /api/disputes/{id}/position"] = Department,
        ["POST /api/disputes/{id}/ruling"] = Coordinator,
        ["POST /api/exchanges"] = Department,
        ["GET /api/exchanges"] = $"{Department},{Coordinator}",
        ["GET /api/exchanges/{id}"] = Department,
        ["POST /api/exchanges/{id}/reply"] = Department,
        ["POST /api/exchanges/{id}/quality-reports"] = Department,
        ["GET /api/quality-reports"] = $"{Department},{Coordinator}",
        ["GET /api/quality-reports/{id}"] = $"{Department},{Coordinator}",
        ["POST /api/quality-reports/{id}/answer"] = Department,
        ["POST /api/quality-reports/{id}/disputes"] = Department,
        ["POST /api/licences"] = Department,
        ["GET /api/licences"] = Department,
        ["GET /api/licences/{id}"] = Department,
        ["POST /api/licences/search"] = Department,
        ["POST /api/licences/{id}/revocation"] = Department,
        ["POST /api/licences/verification"] = Any,
        ["GET /api/licence-types"] = Any,
        ["PUT /api/licence-subscriptions"] = Department,
        ["POST /api/departments/{code}/signing-keys"] = Department,
        ["POST /api/applications"] = Department,
        ["POST /api/applications/preview"] = Department,
        ["GET /api/applications"] = $"{Department},{Coordinator}",
        ["GET /api/applications/{id}"] = $"{Department},{Coordinator}",
        ["POST /api/applications/{id}/services/{serviceCode}/outcome"] = Department,
        ["POST /api/applications/{id}/supplements"] = Department,
        ["POST /api/applications/{id}/rating"] = Department,
        ["POST /api/applications/{id}/services/{serviceCode}/rating"] = Department,
        ["GET /api/rectifications"] = $"{Department},{Coordinator}",
        ["GET /api/rectifications/{id}"] = $"{Department},{Coordinator}",
        ["POST /api/rectifications/{id}/reply"] = Department,
        ["POST /api/rectifications/{id}/appeal"] = Department,
        ["POST /api/rectifications/{id}/appeal/decision"] = Coordinator,
        ["POST /api/rectifications/{id}/follow-up"] = $"{Department},{Coordinator}",
        ["GET /api/metrics/ratings"] = $"{DataCentre},{Coordinator}",
        ["POST /api/materials"] = Department,
        ["GET /api/materials/{id}"] = Department,
        ["GET /api/metrics/departments"] = $"{DataCentre},{Coordinator}",
        ["GET /api/metrics/resources"] = $"{DataCentre},{Coordinator}",
        ["GET /api/metrics/one-things"] = $"{DataCentre},{Coordinator}",
        ["GET /api/metrics/targets"] = $"{DataCentre},{Coordinator}",
        ["GET /api/metrics/dashboard"] = $"{DataCentre},{Coordinator}",
        ["GET /api/metrics/trends"] = $"{DataCentre},{Coordinator}",
        ["GET /api/sla/breaches"] = DataCentre,
        ["GET /api/sla"] = $"{DataCentre},{Coordinator}",
        ["PUT /api/sla/resources/{code}"] = DataCentre,
        ["PUT /api/sla/services/{code}"] = DataCentre,
        ["GET /api/audit/events"] = Governance,
        ["GET /api/audit/streams/{id}"] = Governance,
        ["GET /api/audit/export"] = Governance,
        ["GET /api/audit/verification"] = Governance,
        ["GET /api/audit/proof"] = Governance,
        ["POST /api/audit/erasure"] = Governance,
        ["POST /api/audit/subject-access"] = Governance,
    };

    // A licence that does not exist answers like one the caller may not read (403), so that a refusal says nothing
    // about whether it exists; the role itself is allowed.
    // The coordinator's own route to issue keys answers 403 for any key but a coordinator key of its own office
    // (an empty body asks for a department key): it never shows the coordinator another principal's secret.
    private static readonly HashSet<string> ForbiddenForUnknownIds =
    [
        "GET /api/licences/{id}",
        "POST /api/departments/{code}/keys",
    ];

    [Fact]
    public async Task only_what_the_api_allows_is_allowed()
    {
        using var doc = JsonDocument.Parse((await hub.Host.Get("/openapi/v1.json", key: null)).ReadAsText());
        var routes = doc
            .RootElement.GetProperty("paths")
            .EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToList();
        Assert.Equal(Allowed.Keys.Order(), routes.Order());

        var keys = new Dictionary<string, string>
        {
            [Department] = hub.Department("government-services"),
            [Coordinator] = hub.Keys.Coordinator,
            [Governance] = hub.Keys.Governance,
            [DataCentre] = hub.Keys.DataCentre,
        };
        var wrong = new List<string>();
        foreach (var route in routes)
        {
            var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
            var path = template
                .Replace("{code}", "government-services")
                .Replace("{edition}", "2022")
                .Replace("{year}", "2026")
                .Replace("{serviceCode}", "no-such-service")
                .Replace("{keyId}", "0123456789abcdef")
                .Replace("{messageId}", Guid.NewGuid().ToString())
                .Replace("{id}", Guid.NewGuid().ToString());
            var anonymous = Allowed[route].Split(',').Contains("anonymous");
            var withoutKey = await Call(method, path, null);
            if (anonymous ? withoutKey is 401 or 403 or >= 500 : withoutKey != 401)
                wrong.Add($"{route} without a key: {withoutKey}");
            foreach (var (role, key) in keys)
            {
                var status = await Call(method, path, key);
                var allowed = Allowed[route].Split(',').Contains(role);
                if (
                    allowed
                    && (status == 401 || (status == 403 && !ForbiddenForUnknownIds.Contains(route)) || status >= 500)
                )
                    wrong.Add($"{route} as {role}: {status}");
                if (!allowed && status != 403)
                    wrong.Add($"{route} as {role}: {status}, not 403");
            }
        }
        Assert.Empty(wrong);
    }

    private async Task<int> Call(string method, string path, string? key)
    {
        var result = await hub.Host.Scenario(s =>
        {
            if (method == "GET")
                s.Get.Url(path);
            else
            {
                var body = method == "PUT" ? s.Put : s.Post;
                body.Text("{}").ToUrl(path);
                s.WithRequestHeader("Content-Type", "application/json");
            }
            if (key is not null)
                s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }
}
