#pragma once

#include "common/result.h"
#include "rpc/ocppversion.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <limits>

namespace cb {

// One value of a choice parameter, version-neutral and lower-case ("immediate", "on-idle"), with
// the versions that have it (empty: every version of the operation).
struct OperationChoice
{
    QString value;
    QList<OcppVersion> versions;
};

// A parameter of a CSMS-initiated operation in version-neutral terms. The same description
// serves the API (JSON values), the CLI (--name VALUE), the Actions tab (one input each) and
// plans, so each is checked in one place (OperationArgs::check) before anything is sent.
struct OperationParameter
{
    enum class Type { Integer, String, Choice, Boolean, Json };
    // What an input may offer beyond the type (the Actions tab preselects from the station).
    enum class Hint { None, TransactionId, RemoteStartId };

    QString name;                     // "evse", "type", "id-token": the API key and the CLI's --name
    Type type = Type::String;
    const char *description = "";     // English; shown through tr() in the "cb::operations" context
    // What happens when it is left out ("the whole station"), for the input's empty choice;
    // empty: the generic "not set".
    const char *whenNotGiven = "";
    QList<OcppVersion> versions;      // versions that have it; empty: all of the operation's
    QList<OcppVersion> requiredIn;    // versions that need it
    QList<OperationChoice> choices;   // Choice
    QList<OcppVersion> freeTextIn;    // Choice: versions that also take other text (up to maxLength)
    qint64 minimum = std::numeric_limits<int>::min(); // Integer
    qint64 maximum = std::numeric_limits<int>::max();
    int maxLength = 0;                // String: 0 = unbounded (the schema still applies)
    QJsonValue defaultValue;          // shown as the default; used when not given
    Hint hint = Hint::None;
    const char *example = "";         // Json and String: an example value for help texts

    bool existsIn(OcppVersion v) const { return versions.isEmpty() || versions.contains(v); }
    bool isRequiredIn(OcppVersion v) const { return requiredIn.contains(v); }
    QStringList choicesFor(OcppVersion v) const;
    QString typeName() const;
    // The label people read ("EVSE", "ID token"), in their language; the same for a name in
    // every operation.
    QString label() const;
    // How messages for every front end name it: "EVSE (evse)", the label a form shows and the
    // name the CLI and API take.
    QString displayName() const;
    QString notGivenText() const;
};

// One CSMS-initiated operation: its name on every front end, the functional block that owns it,
// the versions that can do it and its parameters.
struct OperationSpec
{
    QString name;                     // "reset", "change-availability", ...
    QString block;                    // "provisioning", "availability", ...
    const char *title = "";           // "Reset" (English, translated at use)
    const char *description = "";
    QList<OcppVersion> versions;      // empty: every version
    QList<OperationParameter> parameters;
    // Interrupts charging or loses state with these arguments: front ends confirm first.
    std::function<bool(const QJsonObject &args)> destructive;

    bool supports(OcppVersion v) const { return versions.isEmpty() || versions.contains(v); }
    const OperationParameter *parameter(const QString &name) const;
    QString displayTitle() const; // the title in the reader's language
    QString versionList() const; // "2.0.1, 2.1"
    bool isDestructive(const QJsonObject &args) const { return destructive && destructive(args); }
    QJsonObject toJson() const;
};

// The CALL an operation sends for one version.
struct OcppRequest
{
    QString action;
    QJsonObject payload;
};

} // namespace cb

namespace cb {
// The English texts of the table (titles, descriptions) in the reader's language.
QString operationText(const char *english);
// The label and name of a parameter as messages write it ("EVSE (evse)"), for refusals a block
// writes itself.
QString parameterDisplayName(const QString &name);
// The heading of a functional block ("provisioning" -> "Provisioning"), in the reader's language.
QString operationBlockTitle(const QString &block);
} // namespace cb
