import { bootstrapApplication } from '@angular/platform-browser';
import 'call-elements';
import { AppComponent } from './app/app.component';

bootstrapApplication(AppComponent).catch((error: unknown) => console.error(error));
