namespace Customer360.Core.Storage;

/// <summary>Normalised identifier values, so `John@X.com` and `john@x.com`, `+507 6000-0000` and `50760000000` match.</summary>
public static class Identifiers
{
    public const string Email = "email";
    public const string Phone = "phone";

    public static string? Normalize(string kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (kind == Email)
        {
            var email = value.Trim().ToLowerInvariant();
            return email.Contains('@', StringComparison.Ordinal) ? email : null;
        }

        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 6 ? digits : null;
    }
}
