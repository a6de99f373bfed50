namespace Customer360.Core.Dialects;

public static class DialectNames
{
    public const string Telecom = "telecom";
    public const string CrmDomain = "crm-domain";
    public const string CustomerService = "customer-service";
    public const string CustomerIq = "customeriq";

    public const string DefaultTenant = "default";
}
