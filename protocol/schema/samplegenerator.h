#pragma once

#include "rpc/rpcerrorcode.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace cb {

// Builds payloads from a schema: the smallest valid one (required fields only), a fuller one
// (every optional field once), and deliberate breakages of one rule each. Used by tests to cover
// every action, and as the starting value of the message composer.
class SampleGenerator
{
public:
    enum class Fill { Minimal, Full };

    struct Options
    {
        Fill fill = Fill::Minimal;
        QStringList preferredEnumValues; // chosen when an enum offers them, else its first value
        QString dateTime = QStringLiteral("2026-01-01T00:00:00Z");
    };

    static QJsonObject generate(const QJsonObject &schema, Fill fill = Fill::Minimal);
    static QJsonObject generate(const QJsonObject &schema, const Options &options);

    struct Mutation
    {
        enum class Kind { WrongType, MissingRequired, EnumOutOfRange, TooLong, UnknownProperty };
        Kind kind;
        QString path;             // JSON pointer of the changed field
        QJsonObject payload;      // the broken payload
        RpcErrorCode expected;    // the error code a receiver must answer with
    };
    static QString kindName(Mutation::Kind k);

    // One mutation of each kind the schema leaves room for, starting from the Full sample.
    static QList<Mutation> mutations(const QJsonObject &schema);
};

} // namespace cb
