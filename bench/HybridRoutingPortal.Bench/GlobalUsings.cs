global using Route = HybridRoutingPortal.Core.Route;
