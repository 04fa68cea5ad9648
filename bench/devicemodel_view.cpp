// bench_devicemodel_view: how the Device Model tab's tree copes with a large device model.
// Not a test: prints numbers for BENCHMARKS.md.
//
//   bench_devicemodel_view [--variables N] [--repeat R]
//
// Builds N variables (20 per component, components spread over the station and 4 EVSEs, every
// data type, a third with a second attribute), then times: building the tree, reading every
// cell once (what a fully expanded view asks for), the filters (text, only writable, only changed
// since a snapshot), group by EVSE, a re-read with changed values, and a QTreeView expanding and
// painting everything offscreen.
#include "devicemodel/devicemodelfilterproxy.h"
#include "devicemodel/devicemodeltreemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTextStream>
#include <QTreeView>

#include <algorithm>

using namespace cb;
using namespace cb::dm;

namespace {

DeviceModel makeModel(int variables, int generation)
{
    static const char *const types[] = {"integer", "decimal", "boolean", "string", "OptionList", "MemberList", "SequenceList", "dateTime"};
    DeviceModel m;
    for (int i = 0; i < variables; ++i) {
        const int component = i / 20;
        DeviceModelEntry e;
        e.component.name = QStringLiteral("Component%1").arg(component % 97);
        e.component.instance = component >= 97 ? QString::number(component / 97) : QString();
        if (component % 5 != 0) {
            e.component.evseId = component % 5;
            if (component % 3 == 0)
                e.component.connectorId = 1;
        }
        e.variable.name = QStringLiteral("Variable%1").arg(i % 20);
        VariableCharacteristics c;
        c.dataType = QString::fromLatin1(types[i % 8]);
        c.unit = i % 8 <= 1 ? QStringLiteral("A") : QString();
        if (i % 8 <= 1) {
            c.minLimit = 0;
            c.maxLimit = 1000;
        }
        if (i % 8 >= 4 && i % 8 <= 6)
            c.valuesList = QStringLiteral("Alpha,Beta,Gamma,Delta");
        e.characteristics = c;
        VariableAttribute actual;
        actual.mutability = i % 4 == 0 ? QStringLiteral("ReadWrite") : QStringLiteral("ReadOnly");
        // Every 50th value moves between generations (a re-read after a write or a poll).
        actual.value = QString::number(i % 50 == 0 ? i + generation : i);
        e.attributes.append(actual);
        if (i % 3 == 0) {
            VariableAttribute maxSet;
            maxSet.type = QStringLiteral("MaxSet");
            maxSet.value = QStringLiteral("100");
            e.attributes.append(maxSet);
        }
        m.upsert(e);
    }
    return m;
}

int countVisibleVariables(const QAbstractItemModel &model, const QModelIndex &parent = {}, int depth = 0)
{
    int n = 0;
    const int rows = model.rowCount(parent);
    for (int r = 0; r < rows; ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        if (i.data(DeviceModelTreeModel::KindRole).toInt() == int(DeviceModelTreeModel::Kind::Variable))
            ++n;
        else if (depth < 2)
            n += countVisibleVariables(model, i, depth + 1);
    }
    return n;
}

qint64 readAllCells(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    qint64 chars = 0;
    const int rows = model.rowCount(parent);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < model.columnCount(parent); ++c)
            chars += model.index(r, c, parent).data().toString().size();
        chars += readAllCells(model, model.index(r, 0, parent));
    }
    return chars;
}

struct Timing
{
    QString what;
    double ms;
    QString note;
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({QStringLiteral("variables"), QStringLiteral("Number of variables."), QStringLiteral("n"), QStringLiteral("10000")});
    p.addOption({QStringLiteral("repeat"), QStringLiteral("Runs; the median is printed."), QStringLiteral("r"), QStringLiteral("5")});
    p.process(app);
    const int n = p.value(QStringLiteral("variables")).toInt();
    const int repeat = std::max(1, p.value(QStringLiteral("repeat")).toInt());

    const DeviceModel first = makeModel(n, 0);
    const DeviceModel second = makeModel(n, 1);
    QList<QList<Timing>> runs;
    for (int run = 0; run < repeat; ++run) {
        QList<Timing> t;
        QElapsedTimer clock;
        DeviceModelTreeModel tree;
        DeviceModelFilterProxy proxy;
        proxy.setTreeModel(&tree);

        clock.start();
        tree.setDeviceModel(first);
        t.append({QStringLiteral("build tree"), clock.nsecsElapsed() / 1e6, QString::number(tree.rowCount()) + QStringLiteral(" components")});

        clock.restart();
        const qint64 chars = readAllCells(tree);
        t.append({QStringLiteral("read every cell once"), clock.nsecsElapsed() / 1e6, QString::number(chars) + QStringLiteral(" chars")});

        clock.restart();
        proxy.setText(QStringLiteral("Variable7"));
        const int textHits = countVisibleVariables(proxy);
        t.append({QStringLiteral("text filter + count"), clock.nsecsElapsed() / 1e6, QString::number(textHits) + QStringLiteral(" variables")});

        clock.restart();
        proxy.setText(QStringLiteral("component42"));
        const int narrowHits = countVisibleVariables(proxy);
        t.append({QStringLiteral("narrow text filter + count"), clock.nsecsElapsed() / 1e6, QString::number(narrowHits) + QStringLiteral(" variables")});

        clock.restart();
        proxy.setText({});
        proxy.setOnlyWritable(true);
        const int writable = countVisibleVariables(proxy);
        t.append({QStringLiteral("only writable + count"), clock.nsecsElapsed() / 1e6, QString::number(writable) + QStringLiteral(" variables")});
        proxy.setOnlyWritable(false);

        tree.setBaseline(first);
        clock.restart();
        tree.setDeviceModel(second);
        t.append({QStringLiteral("re-read with changed values"), clock.nsecsElapsed() / 1e6, QString()});

        clock.restart();
        proxy.setOnlyChanged(true);
        const int changed = countVisibleVariables(proxy);
        t.append({QStringLiteral("only changed since snapshot + count"), clock.nsecsElapsed() / 1e6, QString::number(changed) + QStringLiteral(" variables")});
        proxy.setOnlyChanged(false);

        clock.restart();
        tree.setGroupByEvse(true);
        const int grouped = countVisibleVariables(proxy);
        t.append({QStringLiteral("group by EVSE + count"), clock.nsecsElapsed() / 1e6, QString::number(grouped) + QStringLiteral(" variables")});
        tree.setGroupByEvse(false);

        QTreeView view;
        view.setUniformRowHeights(true);
        view.resize(1200, 800);
        view.setModel(&proxy);
        view.show();
        clock.restart();
        view.expandAll();
        const QPixmap shot = view.grab();
        t.append({QStringLiteral("QTreeView expandAll + paint"), clock.nsecsElapsed() / 1e6, QString()});

        clock.restart();
        proxy.setText(QStringLiteral("Variable7"));
        view.expandAll();
        view.grab();
        t.append({QStringLiteral("QTreeView filter (expanded) + paint"), clock.nsecsElapsed() / 1e6, QString()});
        runs.append(t);
    }

    QTextStream out(stdout);
    out << "bench_devicemodel_view: " << n << " variables, median of " << repeat << " runs\n";
    for (int i = 0; i < runs.first().size(); ++i) {
        QList<double> ms;
        for (const auto &r : runs)
            ms.append(r.at(i).ms);
        std::sort(ms.begin(), ms.end());
        out << QStringLiteral("  %1 %2 ms  %3\n").arg(runs.first().at(i).what, -40).arg(ms.at(ms.size() / 2), 9, 'f', 1).arg(runs.first().at(i).note);
    }
    return 0;
}
