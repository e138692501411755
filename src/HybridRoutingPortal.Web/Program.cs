using HybridRoutingPortal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
app.MapPortal();
return await app.RunPortalAsync();

/// <summary>Entry point type, public so WebApplicationFactory and the E2E tests can host the app.</summary>
public partial class Program;
