using Customer360.Core.Events;

namespace Customer360.Core.Profiles.Rules;

/// <summary>One dialect's projection rules (CONTRACT.md section 2). Pure: profile and event in, changes out.</summary>
public interface IProjectionRules
{
    string Dialect { get; }

    void Apply(CustomerProfile profile, CustomerEvent e, ProjectionOutput output, ProjectionOptions options);
}
