using MudBlazor;

namespace HybridRoutingPortal.Web.Components.Layout;

/// <summary>A calm, dense palette for long sessions in front of route tables, in light and dark.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b5cad",
            Secondary = "#00897b",
            AppbarBackground = "#0b3d6e",
            Background = "#f5f7fa",
            Success = "#2e7d32",
            Warning = "#ed6c02",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ab7ff",
            Secondary = "#4dd0c1",
            AppbarBackground = "#111a24",
            Background = "#0e141b",
            Surface = "#16202b",
            DrawerBackground = "#131c26",
            Success = "#66bb6a",
            Warning = "#ffa726",
            Error = "#ef5350",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
