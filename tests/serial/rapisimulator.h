#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSerialPort>

// An OpenEVSE controller speaking RAPI on one end of a pty pair, written from the protocol facts
// (not from OpenEVSE sources). Its knobs make it misbehave the ways real lines do: garbage, wrong
// checksums, stale sequence ids, async lines inside a reply's wait or inside the reply itself.
class RapiSimulator : public QObject
{
    Q_OBJECT
public:
    explicit RapiSimulator(QObject *parent = nullptr);

    bool open(const QString &port);
    void close();

    // Hardware picture served by the G* commands.
    int evseState = 0x01;
    int pilotState = 0x01;
    int vflags = 0x0000;
    int elapsedS = 0;
    int currentMa = 0;
    int voltageMv = 230000;
    int temps[3] = {251, 262, -2560};  // 0.1 degC; -2560 = sensor absent
    int gfiTrips = 0, noGroundTrips = 0, stuckRelayTrips = 0;
    int ampsSetting = 16;
    int settingsFlags = 0x0021;
    int minAmps = 6, hmaxAmps = 32, pilotAmps = 16, cmaxAmps = 32;
    QByteArray firmware = "7.1.3";
    QByteArray protocol = "5.0.1";
    int sessionWs = 36000, totalWh = 1234;
    int connectState = -1; // G0; -1 follows the EV-connected flag

    // Misbehaviour, each consumed by the next reply.
    QByteArray garbageBeforeReply;
    bool asyncBeforeReply = false;   // a full $AT line between command and reply
    bool asyncInsideReply = false;   // an $AT line cutting the reply in two
    bool badChecksumOnce = false;
    bool staleReplyFirst = false;    // a reply with another sequence id before the right one
    bool splitReply = false;         // the reply in two writes (a partial line first)
    int silentReplies = 0;           // this many commands get no answer

    // Changes the state and announces it with $AT, as the firmware does.
    void changeState(int evse, int pilot, int flags);
    void sendAsyncState();
    void sendBoot();
    void sendRaw(const QByteArray &bytes);

    static QByteArray frame(const QByteArray &body); // body + ^XX + \r

    int commandsReceived = 0;
    int badChecksumsReceived = 0;
    QList<QByteArray> received; // commands as received, without \r

Q_SIGNALS:
    void commandReceived(const QByteArray &line);

private:
    void onReadyRead();
    void handle(const QByteArray &line);
    QByteArray answer(const QByteArray &cmd, const QList<QByteArray> &params, bool *ok);
    void reply(bool ok, const QByteArray &tokens, const QByteArray &seq);
    QByteArray atLine() const;

    QSerialPort m_port;
    QByteArray m_rx;
};
