#include "composerwidget.h"

#include "schema/actiondirection.h"
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"
#include "schemaformmodel.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QColor>
#include <QComboBox>
#include <QDateTime>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeView>

#include <functional>

// The payload ComposerWidget edits: the station and action it is for (with a draft kept per
// action), the form and the raw JSON kept in sync, validation against the action's schema, the
// form's structure edits and templates.
namespace cb {

void ComposerWidget::setStation(const QString &identity, OcppVersion version)
{
    const bool versionChanged = !m_version || *m_version != version;
    if (versionChanged && m_version && !m_action.isEmpty())
        m_drafts.insert(draftKey(m_action), m_form->json());
    m_station = identity;
    const auto live = m_workspace.liveStation(identity);
    m_connected = live && live->connected;
    if (versionChanged) {
        m_version = version;
        const QString previous = m_action;
        m_action.clear(); // the old version's draft is saved above
        fillActions();
        const QStringList actions = csmsInitiatedActions(version);
        QString next = actions.contains(previous) ? previous : QString();
        if (next.isEmpty())
            next = actions.contains(QStringLiteral("Reset")) ? QStringLiteral("Reset") : actions.value(0);
        switchAction(next);
    }
    updateSendState();
}

void ComposerWidget::fillActions()
{
    const QSignalBlocker block(m_actions);
    m_actions->clear();
    if (m_version)
        m_actions->addItems(csmsInitiatedActions(*m_version));
}

bool ComposerWidget::setCurrentAction(const QString &action)
{
    if (!m_version || !csmsInitiatedActions(*m_version).contains(action))
        return false;
    if (action != m_action)
        switchAction(action);
    return true;
}

QString ComposerWidget::draftKey(const QString &action) const
{
    return (m_version ? versionName(*m_version) : QString()) + QLatin1Char('|') + action;
}

void ComposerWidget::switchAction(const QString &action)
{
    if (!m_action.isEmpty())
        m_drafts.insert(draftKey(m_action), m_form->json());
    m_action = action;
    {
        const QSignalBlocker block(m_actions);
        m_actions->setCurrentIndex(m_actions->findText(action));
    }
    if (!m_version || action.isEmpty()) {
        m_form->setSchema({});
    } else {
        m_form->setSchema(SchemaCatalog::instance().schema(*m_version, action, PayloadKind::Request));
        const auto draft = m_drafts.constFind(draftKey(action));
        if (draft != m_drafts.cend())
            m_form->setJson(*draft);
    }
    restoreExpansion({});
    updateRawFromForm();
    revalidate();
}

QJsonObject ComposerWidget::payload() const { return m_form->json(); }

void ComposerWidget::setPayload(const QJsonObject &payload)
{
    m_form->setJson(payload);
    restoreExpansion({});
    updateRawFromForm();
    revalidate();
}

void ComposerWidget::onFormEdited()
{
    updateRawFromForm();
    revalidate();
    updateStructureActions();
}

void ComposerWidget::updateRawFromForm()
{
    m_syncing = true;
    m_raw->setPlainText(QString::fromUtf8(QJsonDocument(m_form->json()).toJson(QJsonDocument::Indented)));
    m_syncing = false;
    m_rawValid = true;
    m_rawError->hide();
    m_revertRaw->hide();
    m_formBanner->hide();
    m_formView->setEnabled(true);
}

void ComposerWidget::onRawEdited()
{
    if (m_syncing)
        return;
    const QByteArray text = m_raw->toPlainText().toUtf8();
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    QString problem;
    if (error.error != QJsonParseError::NoError) {
        const QByteArray before = text.left(error.offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(error.offset - (before.lastIndexOf('\n') + 1)) + 1;
        problem = tr("Line %1, column %2: %3.").arg(line).arg(column).arg(error.errorString());
    } else if (!doc.isObject()) {
        problem = tr("An OCPP payload is a JSON object: put it in { }.");
    }
    if (!problem.isEmpty()) {
        // The text stays as typed; the form keeps the last payload that parsed.
        m_rawValid = false;
        m_rawError->setText(problem + QLatin1Char(' ') + tr("The form keeps the last payload that parsed."));
        m_rawError->show();
        m_revertRaw->show();
        m_formBanner->setText(tr("The raw JSON has an error (%1) — fix it on the Raw JSON tab or discard the raw edits there.")
                                  .arg(problem));
        m_formBanner->show();
        m_formView->setEnabled(false);
        m_problems->clear();
        auto *item = new QListWidgetItem(tr("The raw JSON does not parse: %1").arg(problem), m_problems);
        item->setForeground(QColor(0xc0, 0x1c, 0x28));
        updateSendState();
        return;
    }
    m_rawValid = true;
    m_rawError->hide();
    m_revertRaw->hide();
    m_formBanner->hide();
    m_formView->setEnabled(true);
    const QSet<QString> expanded = expandedPointers();
    m_form->setJson(doc.object());
    restoreExpansion(expanded);
    revalidate();
}

void ComposerWidget::revertRaw() { updateRawFromForm(); }

QSet<QString> ComposerWidget::expandedPointers() const
{
    QSet<QString> out;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < m_form->rowCount(parent); ++r) {
            const QModelIndex i = m_form->index(r, 0, parent);
            if (m_formView->isExpanded(i)) {
                out.insert(i.data(SchemaFormModel::PointerRole).toString());
                walk(i);
            }
        }
    };
    walk({});
    return out;
}

void ComposerWidget::restoreExpansion(const QSet<QString> &expanded)
{
    if (expanded.isEmpty()) {
        m_formView->expandToDepth(1);
        return;
    }
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < m_form->rowCount(parent); ++r) {
            const QModelIndex i = m_form->index(r, 0, parent);
            if (expanded.contains(i.data(SchemaFormModel::PointerRole).toString())) {
                m_formView->expand(i);
                walk(i);
            }
        }
    };
    walk({});
}

void ComposerWidget::revalidate()
{
    if (m_version && !m_action.isEmpty())
        m_violations = SchemaValidator::shared().validate(*m_version, m_action, PayloadKind::Request, m_form->json());
    else
        m_violations.clear();
    m_form->setViolations(m_violations);
    m_problems->clear();
    for (const Violation &v : m_violations) {
        auto *item = new QListWidgetItem(v.text(), m_problems);
        item->setData(Qt::UserRole, v.path);
        item->setForeground(QColor(0xc0, 0x1c, 0x28));
    }
    if (m_violations.isEmpty())
        new QListWidgetItem(tr("None: the payload is valid against the %1 request schema.").arg(m_action), m_problems);
    updateSendState();
}

void ComposerWidget::updateStructureActions()
{
    const QModelIndex idx = m_formView->currentIndex().siblingAtColumn(SchemaFormModel::NameColumn);
    const QString name = idx.isValid() ? idx.data().toString().remove(QStringLiteral(" *")) : QString();
    if (m_form->canInclude(idx)) {
        m_addAction->setText(tr("Include \u201c%1\u201d").arg(name));
        m_addAction->setEnabled(true);
    } else if (m_form->canAddItem(idx)) {
        m_addAction->setText(tr("Add item"));
        m_addAction->setEnabled(true);
    } else {
        m_addAction->setText(tr("Add"));
        m_addAction->setEnabled(false);
    }
    m_removeAction->setEnabled(m_form->canRemove(idx));
    m_removeAction->setText(m_form->canRemove(idx) ? tr("Remove \u201c%1\u201d").arg(name) : tr("Remove"));
}

void ComposerWidget::addOrInclude()
{
    const QModelIndex idx = m_formView->currentIndex().siblingAtColumn(SchemaFormModel::NameColumn);
    if (m_form->canInclude(idx)) {
        const QString pointer = idx.data(SchemaFormModel::PointerRole).toString();
        m_form->include(idx);
        const QModelIndex now = m_form->indexForPointer(pointer);
        m_formView->expand(now);
        m_formView->setCurrentIndex(now);
    } else if (m_form->canAddItem(idx)) {
        const QModelIndex added = m_form->addItem(idx);
        m_formView->expand(added.parent());
        m_formView->expand(added);
        m_formView->setCurrentIndex(added);
    }
    updateStructureActions();
}

void ComposerWidget::removeCurrent()
{
    const QModelIndex idx = m_formView->currentIndex().siblingAtColumn(SchemaFormModel::NameColumn);
    if (m_form->canRemove(idx))
        m_form->remove(idx);
    updateStructureActions();
}

void ComposerWidget::fillTemplate(bool everyField)
{
    if (!m_version || m_action.isEmpty())
        return;
    const QJsonObject schema = SchemaCatalog::instance().schema(*m_version, m_action, PayloadKind::Request);
    if (everyField) {
        SampleGenerator::Options o;
        o.fill = SampleGenerator::Fill::Full;
        o.dateTime = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        setPayload(SampleGenerator::generate(schema, o));
    } else {
        setPayload(SchemaFormModel::defaultValue(schema, schema).toObject());
    }
}

} // namespace cb
