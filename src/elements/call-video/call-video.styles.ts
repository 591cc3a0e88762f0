import { css } from 'lit';

/** Styles of `<call-video>`. */
export const styles = css`
  :host {
    --_video-bg: var(--call-video-background, #1f2328);
    --_video-fg: var(--call-video-color, #f6f8fa);
    --_avatar-bg: var(--call-video-avatar-background, #57606a);
    --_avatar-fg: var(--call-video-avatar-color, #ffffff);
    --_fit: contain;
    display: block;
    position: relative;
    /* Applies only while one dimension is auto: an explicit width and height win. */
    aspect-ratio: var(--call-video-aspect-ratio, 16 / 9);
    min-width: 0;
    min-height: 0;
    overflow: hidden;
    border-radius: var(--call-video-radius, calc(var(--_radius) * 2 / 3));
    background: var(--_video-bg);
    color: var(--_video-fg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_video-bg: var(--call-video-background, #0d1117);
      --_video-fg: var(--call-video-color, #e6edf3);
      --_avatar-bg: var(--call-video-avatar-background, #30363d);
      --_avatar-fg: var(--call-video-avatar-color, #e6edf3);
    }
  }
  :host([fit='cover']) {
    --_fit: cover;
  }
  .frame {
    position: absolute;
    inset: 0;
    container-type: size;
  }
  video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    display: block;
    object-fit: var(--_fit);
    background: transparent;
  }
  /* Kept in place (never detached) while the poster covers it. */
  :host(:not([has-video])) video {
    visibility: hidden;
  }
  :host([mirrored]) video {
    transform: scaleX(-1);
  }
  .poster {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    padding: 0.5em;
    box-sizing: border-box;
    font-size: clamp(0.75rem, 6cqmin, 1.25rem);
    text-align: center;
  }
  .poster img {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: var(--_fit);
  }
  .avatar {
    display: flex;
    align-items: center;
    justify-content: center;
    width: clamp(2rem, 36cqmin, 8rem);
    aspect-ratio: 1;
    border-radius: 50%;
    background: var(--_avatar-bg);
    color: var(--_avatar-fg);
    font-size: clamp(0.875rem, 14cqmin, 3rem);
    font-weight: 600;
    line-height: 1;
    user-select: none;
  }
  .avatar svg {
    width: 60%;
    height: 60%;
    fill: currentColor;
  }
  .name {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    opacity: 0.9;
  }
`;
