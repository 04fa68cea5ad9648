#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace cb {

// A schema compiled into a flat table of nodes, answering only "is this payload valid?" with
// no allocation on the way: no std::string copies, no error contexts, enums as sorted lists,
// $ref resolved once. It implements exactly the subset of JSON Schema draft 7 the OCA schemas use
// (type, properties, required, additionalProperties: false, enum of strings, min/maxLength in code
// points, minimum/maximum, multipleOf with the validator's tolerance, items, min/maxItems,
// local $ref, format date-time and uri) with valijson's strong-type semantics.
//
// It never has the last word on a broken payload: SchemaValidator runs valijson (which explains
// what is wrong) whenever accepts() says no. compile() refuses any schema that uses something
// outside the subset, and such schemas always go through valijson.
class PayloadChecker
{
public:
    // Empty when the schema uses a keyword or form the checker does not implement.
    static std::optional<PayloadChecker> compile(const QJsonObject &schema);

    // True only when valijson and the date-time check would report nothing for the payload.
    bool accepts(const QJsonObject &payload) const;

private:
    enum class Type : quint8 { Any, Object, Array, String, Integer, Number, Boolean, Null };

    struct Property
    {
        QString name;
        int node = -1;
        bool required = false;
    };

    struct Node
    {
        Type type = Type::Any;
        bool closed = false;     // additionalProperties: false
        bool dateTime = false;   // format date-time
        bool hasEnum = false;
        int items = -1;          // node index of the items schema
        qint64 minLength = -1, maxLength = -1;
        qint64 minItems = -1, maxItems = -1;
        std::optional<double> minimum, maximum, multipleOf;
        std::vector<Property> properties;
        QStringList requiredElsewhere; // required names the properties do not list (none in the OCA schemas)
        // Sorted by length, then by content: a lookup compares lengths first and hashes nothing
        // (Qt's AES string hash showed up at 12 % of a pcap import).
        std::vector<QString> enumValues;
    };

    class Compiler;

    static bool enumContains(const std::vector<QString> &values, const QString &s);
    // Value: QJsonValue, or QJsonValueConstRef to read object members and array items in place
    // (converting them to QJsonValue copies strings and took a tenth of the checker's time).
    template<typename Value>
    bool check(int node, const Value &value) const;
    bool checkObject(const Node &n, const QJsonObject &o) const;

    std::vector<Node> m_nodes; // node 0 is the root
};

} // namespace cb
