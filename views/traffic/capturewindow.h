#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTemporaryDir;

namespace cb {

class CaptureImportJob;
class CaptureView;

// File > Open capture: a window of its own over one capture, independent of the live server.
// A ChargeBench database opens directly; a pcap/pcapng file or a JSON lines export is imported
// first (on a worker, with a progress bar and Cancel) into a temporary database, or into one the
// user chooses (File > Import into database).
class CaptureWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit CaptureWindow(QWidget *parent = nullptr);
    ~CaptureWindow() override;

    // `targetDb` empty: a temporary database that goes away with the window.
    void openFile(const QString &path, const QString &targetDb = QString());
    void chooseAndOpen();
    // For file dialogs: databases, pcap/pcapng, JSON lines.
    static QString fileFilter();
    void chooseAndImport();
    void cancelImport();

    CaptureView *view() const { return m_view; }
    bool isImporting() const;
    QProgressBar *progressBar() const { return m_progress; }
    QString summary() const;

Q_SIGNALS:
    // The import ended: ok (and not cancelled), and the text shown in the status bar.
    void importFinished(bool ok, bool cancelled, const QString &message);
    void databaseOpened(const QString &path);

private:
    void openDatabase(const QString &dbPath, const QString &shownName);

    CaptureView *m_view;
    CaptureImportJob *m_job;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_summary;
    std::unique_ptr<QTemporaryDir> m_temp;
    std::unique_ptr<QTemporaryDir> m_pendingTemp;
    QString m_importing; // the file being imported
    QString m_target; // the database it goes into
};

} // namespace cb
