using OneThing.Contracts;
using OneThing.Hub.Tests.Infrastructure;

namespace OneThing.Hub.Tests.Access;

public sealed class the_hardened_edge(HubFixture hub)
{
    private Task<IssuedApiKey> FreshKey() => hub.Enrol("water", "hardening test");

    [Fact]
    public void plain_http_webhooks_on_the_hubs_own_machine_only_where_allowed()
    {
        var user = new System.Security.Claims.ClaimsPrincipal(
            new System.Security.Claims.ClaimsIdentity(
                [
                    new System.Security.Claims.Claim(
                        OneThing.Hub.Infrastructure.Auth.Principal.DepartmentClaim,
                        "water"
                    ),
                    new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Department),
                ],
                "test"
            )
        );
        var local = new DeliverySettings(DeliveryModes.Webhook, "http://127.0.0.1:9000/hooks", new string('s', 24));
        var production = new OneThing.Hub.Infrastructure.HubOptions { Database = "" };
        var development = new OneThing.Hub.Infrastructure.HubOptions { Database = "", AllowLoopbackWebhooks = true };

        Assert.Equal(
            400,
            OneThing.Hub.Features.Delivery.ConfigureDeliveryEndpoint.Validate("water", local, user, production).Status
        );
        Assert.Same(
            Wolverine.Http.WolverineContinue.NoProblems,
            OneThing.Hub.Features.Delivery.ConfigureDeliveryEndpoint.Validate("water", local, user, development)
        );
        Assert.Same(
            Wolverine.Http.WolverineContinue.NoProblems,
            OneThing.Hub.Features.Delivery.ConfigureDeliveryEndpoint.Validate(
                "water",
                local with
                {
                    Url = "https://water.example.gov.cn/hooks",
                },
                user,
                production
            )
        );
    }

    [Fact]
    public async Task a_revoked_key_stops_working_at_once()
    {
        var key = await FreshKey();
        await hub.Host.Get("/api/departments", key.Key);
        await hub.Host.Post(
            $"/api/departments/water/keys/{key.KeyId}/revocation",
            new RevokeApiKey("系统下线，密钥轮换"),
            hub.Keys.Coordinator,
            204
        );
        (await hub.Host.Get("/api/departments", key.Key, 401)).Problem();
        (
            await hub.Host.Post(
                $"/api/departments/water/keys/{key.KeyId}/revocation",
                new RevokeApiKey("再次"),
                hub.Keys.Coordinator,
                409
            )
        ).Problem();
    }

    [Fact]
    public async Task a_key_that_sends_too_much_is_told_to_wait()
    {
        var key = await FreshKey();
        var answers = await Task.WhenAll(
            Enumerable
                .Range(0, 1200)
                .Select(_ =>
                    hub.Host.Scenario(s =>
                    {
                        s.Get.Url("/api/licence-types");
                        s.WithRequestHeader("Authorization", $"Bearer {key.Key}");
                        s.IgnoreStatusCode();
                    })
                )
        );
        var limited = answers.Where(a => a.Context.Response.StatusCode == 429).ToList();
        Assert.NotEmpty(limited);
        Assert.Equal("1", limited[0].Context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", limited[0].Context.Response.ContentType?.Split(';')[0]);
        await hub.Host.Get("/api/licence-types", hub.Department("water")); // other keys are not held back
    }

    [Fact]
    public async Task answers_carry_security_headers_and_huge_bodies_are_refused()
    {
        var answer = await hub.Host.Get("/api/departments", hub.Keys.Coordinator);
        var headers = answer.Context.Response.Headers;
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("DENY", headers.XFrameOptions.ToString());
        Assert.Contains("default-src 'self'", headers.ContentSecurityPolicy.ToString());

        var huge = await hub.Host.Scenario(s =>
        {
            s.Post.Text("{\"code\":\"" + new string('x', 2 << 20) + "\"}").ToUrl("/api/departments");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", $"Bearer {hub.Keys.Coordinator}");
            s.StatusCodeShouldBe(413);
        });
        huge.Problem();
    }
}
