namespace Customer360.Core.Profiles;

/// <summary>The profile's plain text fields, with the names the API uses.</summary>
public static class ProfileFields
{
    public const string Name = "name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Company = "company";
    public const string Status = "status";
    public const string Segment = "segment";
    public const string CustomerType = "customerType";
    public const string PrimaryContactId = "primaryContactId";

    public static readonly string[] All = [Name, Email, Phone, Company, Status, Segment, CustomerType, PrimaryContactId];

    /// <summary>Maps the spellings producers use (snake_case, camelCase) to a profile field.</summary>
    public static string? FromProducerName(string name) => name switch
    {
        "name" or "full_name" or "fullName" or "customer_name" or "customerName" => Name,
        "email" or "email_address" or "emailAddress" => Email,
        "phone" or "phone_number" or "phoneNumber" or "msisdn" or "mobile" => Phone,
        "company" or "company_name" or "companyName" or "organization" => Company,
        "status" => Status,
        "segment" => Segment,
        "customer_type" or "customerType" => CustomerType,
        "primary_contact_id" or "primaryContactId" => PrimaryContactId,
        _ => null,
    };
}
