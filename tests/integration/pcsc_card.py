# SPDX-License-Identifier: BSD-2-Clause
# A raw PC/SC connection (python3-pyscard) for the integration scripts
# that talk to the card without middleware.
from smartcard import scard


class Card:
    """A connection to the card in reader, shared mode."""

    def __init__(self, reader):
        hr, self.ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        assert hr == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(hr)
        hr, self.h, self.proto = scard.SCardConnect(
            self.ctx, reader, scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        assert hr == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(hr)

    def tx(self, apdu):
        """One APDU: its data and status word."""
        hr, rsp = scard.SCardTransmit(self.h, self.proto, list(apdu))
        if hr != scard.SCARD_S_SUCCESS:
            raise OSError(scard.SCardGetErrorMessage(hr))
        return bytes(rsp[:-2]), rsp[-2] << 8 | rsp[-1]

    def tx_all(self, apdu):
        """One APDU, then GET RESPONSE on the basic channel while the
        card answers 61xx: the data joined and the last status word."""
        data, sw = self.tx(apdu)
        while sw >> 8 == 0x61:
            more, sw = self.tx([0x00, 0xC0, 0x00, 0x00, sw & 0xFF])
            data += more
        return data, sw

    def close(self, disposition=scard.SCARD_LEAVE_CARD):
        scard.SCardDisconnect(self.h, disposition)
        scard.SCardReleaseContext(self.ctx)
