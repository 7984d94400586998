/*
 * rth264: a real-time H.264 encoder and decoder.
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The whole public API. Two opaque handles (Rth264Decoder, Rth264Encoder),
 * each with a settings struct filled by *_default_settings(), an open call,
 * send/receive style data calls and a close call that NULLs the handle.
 * Every call that can fail returns 0 or a negative RTH264_ERR_* code;
 * rth264_strerror() turns one into text.
 */
#ifndef RTH264_RTH264_H
#define RTH264_RTH264_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define RTH264_API __declspec(dllexport)
#elif defined(__GNUC__)
#define RTH264_API __attribute__((visibility("default")))
#else
#define RTH264_API
#endif

/* ---- version, errors, CPU flags ----------------------------------------- */

#define RTH264_API_VERSION_MAJOR 0
#define RTH264_API_VERSION_MINOR 1

/** The library's version as "major.minor.patch". */
RTH264_API const char *rth264_version(void);

enum Rth264Error {
    RTH264_OK = 0,
    RTH264_ERR_AGAIN = -11,        /**< no output now: send more data (or drain) */
    RTH264_ERR_NOMEM = -12,        /**< an allocation failed */
    RTH264_ERR_INVAL = -22,        /**< a bad argument or setting */
    RTH264_ERR_INVALIDDATA = -1000,/**< the bitstream is corrupt; decoding goes on */
    RTH264_ERR_UNSUPPORTED = -1001,/**< a valid stream using a feature not supported */
    RTH264_ERR_LIMIT = -1002,      /**< a size beyond the configured limits */
};

/** A static, human-readable text for a return code (never NULL). */
RTH264_API const char *rth264_strerror(int err);

/* CPU feature flags, for Rth264*Settings.cpu_mask and the CLI's --cpu-mask. */
enum Rth264CpuFlags {
    RTH264_CPU_SSE2 = 1 << 0,
    RTH264_CPU_SSSE3 = 1 << 1,
    RTH264_CPU_SSE41 = 1 << 2,
    RTH264_CPU_AVX2 = 1 << 3,
    RTH264_CPU_NEON = 1 << 8,
    RTH264_CPU_DOTPROD = 1 << 9,
    RTH264_CPU_ALL = 0x7fffffff,
};

/** The flags of the running CPU (before any mask). */
RTH264_API unsigned rth264_cpu_flags(void);

/* ---- pictures --------------------------------------------------------------- */

enum Rth264FrameType {
    RTH264_FRAME_UNKNOWN = 0,
    RTH264_FRAME_IDR = 1,
    RTH264_FRAME_I = 2,
    RTH264_FRAME_P = 3,
    RTH264_FRAME_B = 4,
};

/** Video usability information carried with a picture (from the SPS VUI). */
typedef struct Rth264ColorInfo {
    int sar_num, sar_den;         /**< sample aspect ratio, 0/0 if unknown */
    int fps_num, fps_den;         /**< from timing_info, 0/0 if absent */
    int full_range;               /**< video_full_range_flag */
    int colour_primaries;         /**< H.273 codes, 2 = unspecified */
    int transfer_characteristics;
    int matrix_coefficients;
    int chroma_sample_loc;        /**< chroma_sample_loc_type_top_field, or -1 */
} Rth264ColorInfo;

/**
 * An 8-bit 4:2:0 picture. For the decoder the planes point at the top-left
 * of the visible (cropped) area and width/height are the cropped size. For the
 * encoder's input the caller fills data/stride/width/height/pts.
 */
typedef struct Rth264Picture {
    uint8_t *data[3];
    ptrdiff_t stride[3];
    int width, height;
    int64_t pts;                  /**< carried through untouched */
    int frame_type;               /**< enum Rth264FrameType */
    int concealed;                /**< 1 if any part was concealed (lost or corrupt data) */
    int poc;                      /**< picture order count */
    int qp;                       /**< average QP of the picture */
    Rth264ColorInfo color;
    void *user_data;              /**< carried through, like pts */
    void *ref;                    /**< internal reference; use rth264_picture_unref() */
} Rth264Picture;

/** Release a picture returned by the library; safe on an empty picture. */
RTH264_API void rth264_picture_unref(Rth264Picture *pic);

/* ---- decoder ----------------------------------------------------------------- */

typedef struct Rth264Decoder Rth264Decoder;

enum Rth264InputFormat {
    RTH264_INPUT_ANNEXB = 0,      /**< start-code delimited byte stream */
    RTH264_INPUT_AVC = 1,         /**< length-prefixed NAL units (see rth264_decoder_set_avcc) */
};

typedef struct Rth264DecoderSettings {
    unsigned cpu_mask;            /**< ANDed with the CPU's flags; default RTH264_CPU_ALL */
    int input_format;             /**< enum Rth264InputFormat */
    int nal_length_size;          /**< 1, 2 or 4 for RTH264_INPUT_AVC */
    int max_width, max_height;    /**< streams above these are refused (RTH264_ERR_LIMIT) */
    int output_delay;             /**< -1: from the stream (VUI/level); 0: output at once
                                       (only safe for streams without reordering) */
    uint8_t reserved[64];         /**< zero; room for new fields without an ABI break */
} Rth264DecoderSettings;

typedef struct Rth264StreamInfo {
    int profile_idc, level_idc;
    int constraint_flags;         /**< constraint_set0..5 flags, bit 7 = set0 as in the SPS byte */
    int coded_width, coded_height;/**< in luma samples, multiples of 16 */
    int width, height;            /**< visible, after cropping */
    int crop_left, crop_top;
    int num_reorder_frames;       /**< frames of output delay the decoder applies */
    int max_dec_frame_buffering;
    Rth264ColorInfo color;
    uint8_t reserved[64];
} Rth264StreamInfo;

RTH264_API void rth264_decoder_default_settings(Rth264DecoderSettings *s);
RTH264_API int rth264_decoder_open(Rth264Decoder **dec, const Rth264DecoderSettings *s);

/** Parse an avcC (AVCDecoderConfigurationRecord): sets AVC input, length size, SPS/PPS. */
RTH264_API int rth264_decoder_set_avcc(Rth264Decoder *dec, const uint8_t *avcc, size_t size);

/* Flags for rth264_decoder_send_data(). */
enum Rth264SendFlags {
    RTH264_SEND_END_OF_AU = 1 << 0, /**< the data ends an access unit: finish the picture now */
};

/**
 * Feed data: one or more NAL units (Annex B or length-prefixed), or a whole
 * access unit. All of it is consumed. pts and user_data are attached to the
 * picture the data's first slice belongs to. Returns 0, or a negative error;
 * RTH264_ERR_INVALIDDATA reports damage that was concealed: the decoder stays
 * usable and the caller may ask its source for a keyframe.
 */
RTH264_API int rth264_decoder_send_data(Rth264Decoder *dec, const uint8_t *data, size_t size,
                                        int64_t pts, void *user_data, unsigned flags);

/** Take the next picture in output order: 0, or RTH264_ERR_AGAIN if none is ready. */
RTH264_API int rth264_decoder_get_picture(Rth264Decoder *dec, Rth264Picture *out);

/** End of stream: finish the current picture and release every held picture to get_picture. */
RTH264_API int rth264_decoder_drain(Rth264Decoder *dec);

/** Drop all pending data and pictures (seek); parameter sets are kept. */
RTH264_API void rth264_decoder_flush(Rth264Decoder *dec);

/** The active SPS's description: 0, or RTH264_ERR_AGAIN before any SPS was activated. */
RTH264_API int rth264_decoder_get_stream_info(Rth264Decoder *dec, Rth264StreamInfo *info);

RTH264_API void rth264_decoder_close(Rth264Decoder **dec);

/* ---- encoder ----------------------------------------------------------------- */

typedef struct Rth264Encoder Rth264Encoder;

enum Rth264RateControl {
    RTH264_RC_CBR = 0,            /**< bitrate held under a buffer of buffer_ms */
    RTH264_RC_VBR = 1,            /**< average bitrate, peaks up to max_bitrate */
    RTH264_RC_CQP = 2,            /**< constant QP (qp) */
};

enum Rth264SliceMode {
    RTH264_SLICE_SINGLE = 0,      /**< one slice per picture */
    RTH264_SLICE_FIXED_MBS = 1,   /**< slice_max_mbs macroblocks per slice */
    RTH264_SLICE_MAX_BYTES = 2,   /**< slices of at most slice_max_bytes (NAL incl. header) */
};

enum Rth264Profile {
    RTH264_PROFILE_CONSTRAINED_BASELINE = 0,
    RTH264_PROFILE_BASELINE = 1,
};

typedef struct Rth264EncoderSettings {
    int width, height;            /**< any size from 16x16 (cropped to the MB grid internally) */
    int fps_num, fps_den;
    int profile;                  /**< enum Rth264Profile */
    int level_idc;                /**< 0: chosen from size and frame rate */
    int rc_mode;                  /**< enum Rth264RateControl */
    int bitrate;                  /**< target, bit/s */
    int max_bitrate;              /**< VBR peak, bit/s (0: 1.5x bitrate) */
    int buffer_ms;                /**< CBR buffer size, milliseconds */
    int qp;                       /**< for RTH264_RC_CQP, 0..51 */
    int qp_min, qp_max;
    int keyint;                   /**< max frames between IDRs; 0: only on request */
    int intra_refresh;            /**< 1: periodic intra refresh column instead of IDRs */
    int intra_refresh_period;     /**< frames per refresh sweep (0: keyint or fps) */
    int slice_mode;               /**< enum Rth264SliceMode */
    int slice_max_mbs;
    int slice_max_bytes;
    int refs;                     /**< reference frames, 1..4 */
    int speed;                    /**< 0 (slowest, best) .. 10 (fastest) */
    int frame_drop;               /**< 1: skip frames when the buffer would overflow */
    unsigned cpu_mask;
    /* VUI (E.2.1), taken from the former reserved bytes (same struct size). */
    int sar_num, sar_den;         /**< sample aspect ratio, 1..65535 each; 0: unspecified */
    int full_range;               /**< 1: video_full_range_flag (0..255 luma) */
    int colour_primaries;         /**< H.273 code 1..255; 2 (or 0): unspecified */
    int transfer_characteristics; /**< H.273 code 1..255; 2 (or 0): unspecified */
    int matrix_coefficients;      /**< H.273 code 1..255; 2 (or 0): unspecified (identity,
                                       0, needs 4:4:4 per E.2.1, so 0 cannot be meant) */
    uint8_t reserved[40];
} Rth264EncoderSettings;

enum { RTH264_MAX_NALS = 1024 };

typedef struct Rth264Nal {
    int type;                     /**< nal_unit_type */
    size_t offset, size;          /**< within Rth264EncodedFrame.data, start code included */
    int start_code_size;          /**< 4 before SPS/PPS/first slice, else 3 */
} Rth264Nal;

typedef struct Rth264EncodedFrame {
    const uint8_t *data;          /**< Annex B; valid until the next encoder call */
    size_t size;
    int num_nals;
    const Rth264Nal *nals;
    int frame_type;               /**< enum Rth264FrameType; UNKNOWN if dropped */
    int dropped;                  /**< 1: the frame was skipped by rate control (size 0) */
    int qp;                       /**< average QP */
    int64_t pts;
    void *user_data;
} Rth264EncodedFrame;

RTH264_API void rth264_encoder_default_settings(Rth264EncoderSettings *s);

/** Open; on bad settings returns RTH264_ERR_INVAL and, if errmsg, a static text. */
RTH264_API int rth264_encoder_open(Rth264Encoder **enc, const Rth264EncoderSettings *s,
                                   const char **errmsg);

/** Encode one picture (no frame delay): out describes the access unit. */
RTH264_API int rth264_encoder_encode(Rth264Encoder *enc, const Rth264Picture *in,
                                     Rth264EncodedFrame *out);

/** Change rate settings from the next frame on, without an IDR. */
RTH264_API int rth264_encoder_set_bitrate(Rth264Encoder *enc, int bitrate, int max_bitrate);
RTH264_API int rth264_encoder_set_framerate(Rth264Encoder *enc, int fps_num, int fps_den);
RTH264_API int rth264_encoder_set_buffer(Rth264Encoder *enc, int buffer_ms);
RTH264_API int rth264_encoder_set_qp_bounds(Rth264Encoder *enc, int qp_min, int qp_max);

/** The next encoded picture will be an IDR (with SPS/PPS). */
RTH264_API void rth264_encoder_request_keyframe(Rth264Encoder *enc);

/** SPS and PPS as Annex B into buf: returns the size, or a negative error. */
RTH264_API int rth264_encoder_get_headers(Rth264Encoder *enc, uint8_t *buf, size_t size);

/** The last reconstructed picture (cropped); valid until the next encode call. */
RTH264_API int rth264_encoder_get_recon(Rth264Encoder *enc, Rth264Picture *out);

/** Profile and level the stream uses (level chosen at open if 0 was asked). */
RTH264_API int rth264_encoder_get_stream_info(Rth264Encoder *enc, Rth264StreamInfo *info);

RTH264_API void rth264_encoder_close(Rth264Encoder **enc);

#ifdef __cplusplus
}
#endif

#endif /* RTH264_RTH264_H */
